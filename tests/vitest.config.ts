import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": path.join(root, "app"),
      "@db": path.join(root, "db"),
      "@worker": path.join(root, "worker"),
    },
  },
  test: {
    // Integration suites live in tests/; pure logic keeps its unit tests next to it.
    include: ["tests/**/*.test.ts", "{app,db,worker}/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    pool: "forks",
    // Every file gets its own database cloned from a migrated, seeded template.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
