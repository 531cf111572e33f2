/**
 * `npm run lint`: Next.js's rules (core web vitals: @next/next, react, react-hooks, jsx-a11y, import)
 * and typescript-eslint's recommended rules; eslint-config-prettier last, so that formatting is
 * Prettier's alone (.prettierrc.json). typescript-eslint's type-aware rules stay off: on two cores
 * they added ~25 s (more than `tsc` takes), and most of what they found was `any` from JSON in tests.
 */
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore names what a signature or a destructuring must list but the code does
      // not use: a server action's (state, formData), a property left out of `...rest`.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  prettier,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    ".data/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "bench/out/**",
  ]),
]);
