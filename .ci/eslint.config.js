// ESLint flat config, kept under .ci/ so the top level stays small; `npm run lint` points at it.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".data/**", ".cache/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(skip|only|todo)$/][callee.object.name=/^(it|test|describe)$/]",
          message: "Tests are never switched off; fix the test or the code.",
        },
      ],
    },
  },
  {
    // Route modules and what they import reach the browser: zod and the Tailwind config only enter
    // through .server modules, or the board downloads them (ADR 012, `npm run bench:bundle`).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}", "app/**/*.test.{ts,tsx}", "app/styles/tailwind.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", message: "Schemas live in .server.ts modules (ADR 012)." }],
          patterns: [{ group: ["tailwindcss", "tailwindcss/*", "**/tailwind.config*"], message: "Theme values come from CSS variables, not the Tailwind config (ADR 012)." }],
        },
      ],
    },
  },
  {
    // Services log through ~/utils/logger.server (JSON lines with request and job context).
    files: ["app/**/*.{ts,tsx}", "worker/**/*.ts", "db/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
