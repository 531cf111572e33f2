import { spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");
const SOURCES = [
  "app",
  "lib",
  "db",
  "public",
  "next.config.ts",
  "instrumentation.ts",
  "proxy.ts",
  "package.json",
  "package-lock.json",
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** True when `distDir` has no build or a source changed after it was built. */
export function buildIsStale(distDir: string): boolean {
  const buildId = path.join(distDir, "BUILD_ID");
  return !existsSync(buildId) || Math.max(...SOURCES.map(newestMtime)) > statSync(buildId).mtimeMs;
}

/** `next build` into `distDir`, then completes its standalone server; returns the exit status. */
export function buildApp(distDir: string, env: NodeJS.ProcessEnv = process.env): number {
  const status =
    spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...env, NEXT_DIST_DIR: distDir } })
      .status ?? 1;
  if (status === 0) completeStandalone(distDir);
  return status;
}

/** The folder `next build` writes the standalone server to: `node <it>/server.js` serves the app. */
export const standaloneDir = (distDir: string) => path.join(distDir, "standalone");

/**
 * `node server.js` of a standalone folder, listening on `hostname`:`port`. server.js changes to its
 * own folder, so a relative PGLITE_DIR is made absolute against the current one. Next.js drains on
 * SIGTERM (stops accepting, finishes in-flight requests, exits 143); spawning node directly lets the
 * signal reach it unchanged.
 */
export function spawnStandalone(
  dir: string,
  options: { port: number; hostname: string; pgliteDir: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions },
): ChildProcess {
  return spawn(process.execPath, [path.resolve(dir, "server.js")], {
    stdio: options.stdio ?? "inherit",
    env: {
      ...(options.env ?? process.env),
      HOSTNAME: options.hostname,
      PORT: String(options.port),
      PGLITE_DIR: path.resolve(options.pgliteDir),
    },
  });
}

/**
 * Copies what Next.js leaves out of the standalone folder (its docs: "public" and the build's
 * "static", which a CDN could serve instead) into it, so that the folder alone is the app.
 */
export function completeStandalone(distDir: string): void {
  const target = standaloneDir(distDir);
  cpSync(path.join(distDir, "static"), path.join(target, distDir, "static"), { recursive: true });
  cpSync("public", path.join(target, "public"), { recursive: true });
}
