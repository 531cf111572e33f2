import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

/** Tests that keep both cores busy on purpose: they run after all others, alone, and slow none of them. */
const WHOLE_MACHINE_TESTS = ["lib/domain/redeem/cold-instances.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "testing/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...WHOLE_MACHINE_TESTS],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "whole machine", include: WHOLE_MACHINE_TESTS, sequence: { groupOrder: 1 } } },
    ],
  },
});
