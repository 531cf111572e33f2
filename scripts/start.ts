/**
 * `npm start`: builds the production app when sources are newer than the last build, then serves it
 * with `next start` on PORT. Migrations and the demo seed run inside the server (instrumentation.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

const SOURCES = ["app", "lib", "db", "public", "next.config.ts", "instrumentation.ts", "package.json", "package-lock.json"];
const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");
const config = getConfig();
const BUILD_ID = path.join(config.NEXT_DIST_DIR, "BUILD_ID");

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

const needsBuild = !existsSync(BUILD_ID) || Math.max(...SOURCES.map(newestMtime)) > statSync(BUILD_ID).mtimeMs;
if (needsBuild) {
  process.stdout.write("Racekeys: building the production app (once per change)…\n");
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Next.js itself drains on SIGTERM (stops accepting, finishes in-flight requests, exits 143);
// spawning its binary directly, not through npx, lets the signal reach it unchanged.
const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(config.PORT)], { stdio: "inherit" });
warmUp();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * Next.js runs instrumentation (migrations, demo seed) on the first request; ask for readiness right
 * away so that happens, and the seed message is printed, at start rather than on a visitor's request.
 */
async function warmUp(): Promise<void> {
  const url = `http://127.0.0.1:${config.PORT}/api/ready`;
  for (let attempt = 0; attempt < 120; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
  }
}
