import type { Config } from "tailwindcss";
import defaultTheme from "tailwindcss/defaultTheme";

/**
 * Loved CRM design tokens.
 *
 * Colors are exposed as CSS variables (HSL triplets, see tailwind.css) so that
 * light/dark themes can be switched with the `.dark` class.
 * Content globs are resolved relative to the project root (process cwd).
 */
const token = (name: string) => `hsl(var(--${name}) / <alpha-value>)`;

export default {
  darkMode: ["class"],
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    container: {
      center: true,
      padding: "1rem",
      screens: { "2xl": "1400px" },
    },
    extend: {
      colors: {
        border: token("border"),
        input: token("input"),
        ring: token("ring"),
        background: token("background"),
        foreground: token("foreground"),
        primary: {
          DEFAULT: token("primary"),
          foreground: token("primary-foreground"),
        },
        secondary: {
          DEFAULT: token("secondary"),
          foreground: token("secondary-foreground"),
        },
        muted: {
          DEFAULT: token("muted"),
          foreground: token("muted-foreground"),
        },
        accent: {
          DEFAULT: token("accent"),
          foreground: token("accent-foreground"),
        },
        destructive: {
          DEFAULT: token("destructive"),
          foreground: token("destructive-foreground"),
        },
        success: {
          DEFAULT: token("success"),
          foreground: token("success-foreground"),
        },
        warning: {
          DEFAULT: token("warning"),
          foreground: token("warning-foreground"),
        },
        card: {
          DEFAULT: token("card"),
          foreground: token("card-foreground"),
        },
        popover: {
          DEFAULT: token("popover"),
          foreground: token("popover-foreground"),
        },
        // Static brand scale ("Loved" rose), handy for illustrations/accents.
        brand: {
          50: "#fff1f3",
          100: "#ffe4e8",
          200: "#fecdd6",
          300: "#fda4b4",
          400: "#fb7190",
          500: "#f43f6b",
          600: "#e11d55",
          700: "#be1246",
          800: "#9f1240",
          900: "#88133c",
          950: "#4c051c",
        },
      },
      borderRadius: {
        xl: "calc(var(--radius) + 4px)",
        lg: "var(--radius)",
        md: "calc(var(--radius) - 2px)",
        sm: "calc(var(--radius) - 4px)",
      },
      fontFamily: {
        sans: ["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", ...defaultTheme.fontFamily.sans],
      },
      minHeight: {
        touch: "2.5rem",
      },
      minWidth: {
        touch: "2.5rem",
      },
      keyframes: {
        "toast-slide-in": {
          from: { transform: "translateY(100%)", opacity: "0" },
          to: { transform: "translateY(0)", opacity: "1" },
        },
        "toast-slide-in-right": {
          from: { transform: "translateX(calc(100% + 1rem))", opacity: "0" },
          to: { transform: "translateX(0)", opacity: "1" },
        },
        "toast-hide": {
          from: { opacity: "1" },
          to: { opacity: "0" },
        },
        "toast-swipe-out": {
          from: { transform: "translateX(var(--radix-toast-swipe-end-x))" },
          to: { transform: "translateX(calc(100% + 1rem))" },
        },
        "fade-in": {
          from: { opacity: "0" },
          to: { opacity: "1" },
        },
        "fade-out": {
          from: { opacity: "1" },
          to: { opacity: "0" },
        },
        // `scale` (individual transform property) composes with the
        // translate-* utilities used for positioning, so nothing jumps.
        "dialog-in": {
          from: { opacity: "0", scale: "0.96" },
          to: { opacity: "1", scale: "1" },
        },
        "dialog-out": {
          from: { opacity: "1", scale: "1" },
          to: { opacity: "0", scale: "0.96" },
        },
        "zoom-in": {
          from: { opacity: "0", scale: "0.95" },
          to: { opacity: "1", scale: "1" },
        },
        "zoom-out": {
          from: { opacity: "1", scale: "1" },
          to: { opacity: "0", scale: "0.95" },
        },
      },
      animation: {
        "toast-in": "toast-slide-in 200ms cubic-bezier(0.16, 1, 0.3, 1)",
        "toast-in-right": "toast-slide-in-right 200ms cubic-bezier(0.16, 1, 0.3, 1)",
        "toast-out": "toast-hide 150ms ease-in forwards",
        "toast-swipe-out": "toast-swipe-out 150ms ease-out forwards",
        "fade-in": "fade-in 150ms ease-out",
        "fade-out": "fade-out 150ms ease-in forwards",
        "dialog-in": "dialog-in 180ms cubic-bezier(0.16, 1, 0.3, 1)",
        "dialog-out": "dialog-out 150ms ease-in forwards",
        "zoom-in": "zoom-in 120ms ease-out",
        "zoom-out": "zoom-out 100ms ease-in forwards",
      },
    },
  },
  plugins: [],
} satisfies Config;
