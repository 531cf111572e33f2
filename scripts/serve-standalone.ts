/**
 * Serves the standalone build the way a deployment does, for the end-to-end tests: builds
 * NEXT_DIST_DIR when stale, copies its standalone folder to a new temporary folder (no node_modules of
 * the checkout above it) and runs `node server.js` there on PORT. The copy is removed at exit.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getConfig } from "@/lib/platform/config";
import { buildApp, buildIsStale, spawnStandalone, standaloneDir } from "@/scripts/build";

const config = getConfig();
if (buildIsStale(config.NEXT_DIST_DIR) && buildApp(config.NEXT_DIST_DIR) !== 0) process.exit(1);
const copy = mkdtempSync(path.join(tmpdir(), "racekeys-standalone-"));
cpSync(standaloneDir(config.NEXT_DIST_DIR), copy, { recursive: true, verbatimSymlinks: true });
process.stdout.write(`Racekeys: the standalone server from ${copy}\n`);

// The embedded database stays in the checkout, not in the copy.
const server = spawnStandalone(copy, { hostname: "127.0.0.1", port: config.PORT, pgliteDir: config.PGLITE_DIR });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => {
  rmSync(copy, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
