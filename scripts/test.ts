/**
 * `npm test`: type-checks, lints (layers and import cycles included), runs the Vitest suites (unit
 * and integration), then the Playwright end-to-end suite, and closes with one line
 * "N passed, N failed, N skipped" over all of them.
 * Integration tests use TEST_DATABASE_URL (or DATABASE_URL) when set, PGlite otherwise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";

const RESULTS = "test-results";
rmSync(`${RESULTS}/vitest.json`, { force: true });
rmSync(`${RESULTS}/e2e.json`, { force: true });

function run(label: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${label}: ${command} ${args.join(" ")}\n`);
  return spawnSync(command, args, { stdio: "inherit" }).status === 0;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const typesOk = run("types", "npx", ["tsc", "--noEmit", "-p", "tsconfig.check.json"]);
if (!typesOk) totals.failed++;
const lintOk = run("lint", "npm", ["run", "--silent", "lint"]);
if (!lintOk) totals.failed++;

const unitOk = run("vitest", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${RESULTS}/vitest.json`,
]);
if (existsSync(`${RESULTS}/vitest.json`)) {
  const report = JSON.parse(readFileSync(`${RESULTS}/vitest.json`, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}
if (!unitOk && !existsSync(`${RESULTS}/vitest.json`)) totals.failed++;

let e2eOk = true;
if (existsSync("e2e") && readdirSync("e2e").some((name) => name.endsWith(".spec.ts"))) {
  e2eOk = run("playwright", "npx", ["playwright", "test"]);
  if (existsSync(`${RESULTS}/e2e.json`)) {
    const { stats } = JSON.parse(readFileSync(`${RESULTS}/e2e.json`, "utf8")) as {
      stats: { expected: number; unexpected: number; skipped: number; flaky: number };
    };
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  } else if (!e2eOk) totals.failed++;
}

const ok = typesOk && lintOk && unitOk && e2eOk && totals.failed === 0;
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok ? 0 : 1);
