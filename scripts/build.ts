import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
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

/** `next build` into `distDir`; returns the exit status. */
export function buildApp(distDir: string, env: NodeJS.ProcessEnv = process.env): number {
  return (
    spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...env, NEXT_DIST_DIR: distDir } })
      .status ?? 1
  );
}
