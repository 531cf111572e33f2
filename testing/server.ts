import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { loadConfig } from "@/lib/platform/config";
import { buildApp, buildIsStale, NEXT_BIN, spawnStandalone, standaloneDir } from "@/scripts/build";
import { freePort } from "./cluster";

/** One production build shared by every test that needs real `next start` processes. */
export const TEST_DIST_DIR = ".next-test";
const LOCK = `${TEST_DIST_DIR}.lock`;
/** Hook timeout for tests that build: a cold build on a busy two-core machine takes minutes. */
export const BUILD_TIMEOUT_MS = 600_000;

/** Builds the app once; parallel test workers wait on a lock directory instead of building twice. */
export async function ensureTestBuild(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is stale after ten minutes (a build takes two at most).
      const lockedSince = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedSince > 600_000) rmdirSync(LOCK);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (buildIsStale(TEST_DIST_DIR) && buildApp(TEST_DIST_DIR) !== 0) throw new Error("next build failed");
  } finally {
    rmdirSync(LOCK);
  }
}

export interface TestServer {
  origin: string;
  process: ChildProcess;
  /** What the server wrote to stdout and stderr, when started with `captureOutput`. */
  output(): string;
  /** Sends the signal and waits for the exit; resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts `next start` on the test build and waits until /api/ready answers 200; with `npmStart`,
 * through `npm start`'s script (scripts/start.ts: its banner, its warm-up) as people start it; with
 * `standalone`, the build's standalone `server.js` on 127.0.0.1, as a deployment runs it.
 */
export async function startTestServer(
  port: number,
  env: Record<string, string>,
  options: { captureOutput?: boolean; npmStart?: boolean; standalone?: boolean } = {},
): Promise<TestServer> {
  const fullEnv = {
    ...process.env,
    NEXT_DIST_DIR: TEST_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    PORT: String(port),
    ...env,
  };
  const stdio = [
    "ignore",
    options.captureOutput ? "pipe" : "ignore",
    options.captureOutput ? "pipe" : "inherit",
  ] as const;
  const child = options.standalone
    ? spawnStandalone(standaloneDir(TEST_DIST_DIR), {
        port,
        hostname: "127.0.0.1",
        pgliteDir: loadConfig(fullEnv).PGLITE_DIR,
        env: fullEnv,
        stdio: [...stdio],
      })
    : spawn(
        process.execPath,
        options.npmStart ? ["--import", "tsx", "scripts/start.ts"] : [NEXT_BIN, "start", "-p", String(port)],
        { env: fullEnv, stdio: [...stdio] },
      );
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`);
    if (
      await fetch(`${origin}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 240) throw new Error(`server on ${port} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    origin,
    process: child,
    output: () => output.join(""),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Two instances of the production build on free ports with one environment: the set-up of the tests
 * of what holds across processes (they share a PostgreSQL database, sometimes Redis).
 */
export async function startTwoTestServers(env: Record<string, string>): Promise<TestServer[]> {
  return Promise.all([await freePort(), await freePort()].map((port) => startTestServer(port, env)));
}
