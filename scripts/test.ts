/**
 * `npm test`: type-checks, lints (layers and import cycles included), runs the Vitest suites (unit
 * and integration), then the Playwright end-to-end suite, and closes with one line
 * "N passed, N failed, N skipped" over all of them, after the names of any failed tests (CI keeps
 * only the end of the output).
 * Integration tests use TEST_DATABASE_URL (or DATABASE_URL) when set, PGlite otherwise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";

const RESULTS = "test-results";
rmSync(`${RESULTS}/vitest.json`, { force: true });
rmSync(`${RESULTS}/e2e.json`, { force: true });

interface PlaywrightSuite {
  title: string;
  file: string;
  specs?: { title: string; tests: { status: string }[] }[];
  suites?: PlaywrightSuite[];
}

/** "file › describe › test" of every spec whose outcome was unexpected, at any depth. */
function unexpectedSpecs(suites: PlaywrightSuite[], path: string[] = []): string[] {
  return suites.flatMap((suite) => {
    const here = path.length === 0 ? [suite.file] : [...path, suite.title];
    const own = (suite.specs ?? [])
      .filter((spec) => spec.tests.some((test) => test.status === "unexpected"))
      .map((spec) => [...here, spec.title].join(" › "));
    return [...own, ...unexpectedSpecs(suite.suites ?? [], here)];
  });
}

function run(label: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${label}: ${command} ${args.join(" ")}\n`);
  return spawnSync(command, args, { stdio: "inherit" }).status === 0;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedTests: string[] = [];
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
    testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
  };
  for (const file of report.testResults)
    for (const test of file.assertionResults)
      if (test.status === "failed")
        failedTests.push(`vitest: ${file.name.replace(`${process.cwd()}/`, "")} › ${test.fullName}`);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}
if (!unitOk && !existsSync(`${RESULTS}/vitest.json`)) totals.failed++;

let e2eOk = true;
if (existsSync("e2e") && readdirSync("e2e").some((name) => name.endsWith(".spec.ts"))) {
  e2eOk = run("playwright", "npx", ["playwright", "test"]);
  if (existsSync(`${RESULTS}/e2e.json`)) {
    const { stats, suites } = JSON.parse(readFileSync(`${RESULTS}/e2e.json`, "utf8")) as {
      stats: { expected: number; unexpected: number; skipped: number; flaky: number };
      suites: PlaywrightSuite[];
    };
    failedTests.push(...unexpectedSpecs(suites).map((title) => `playwright: ${title}`));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  } else if (!e2eOk) totals.failed++;
}

if (failedTests.length > 0) process.stdout.write(`\nFailed:\n${failedTests.map((t) => `  ${t}\n`).join("")}`);
const ok = typesOk && lintOk && unitOk && e2eOk && totals.failed === 0;
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok ? 0 : 1);
