/**
 * The benchmark harness: a production server (standalone) on a fresh PostgreSQL database, load from this
 * separate process with autocannon, and one table of results with ratios to a baseline measured
 * in the same run (the machine is noisy: absolute numbers vary, ratios much less).
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import type { Database } from "@/db/client";
import { loadConfig } from "@/lib/platform/config";
import { buildApp, buildIsStale, spawnStandalone, standaloneDir } from "@/scripts/build";
import { createScratchDatabase } from "@/testing/database";

export interface Row {
  scenario: string;
  requestsPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  errors?: number;
  /** Throughput (or time) relative to the scenario's baseline in the same run. */
  ratio?: string;
  note?: string;
  /** The server process's CPU time per request, where measured (`LoadOptions.serverPid`). */
  serverCpuMsPerRequest?: number;
}

export interface BenchServer {
  origin: string;
  pid: number;
  database: Database;
  databaseUrl: string;
  stop(): Promise<void>;
}

const DIST_DIR = ".next-bench";
export const BENCH_PORT = Number(process.env.BENCH_PORT) || 3590;
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? "";

export async function startBenchServer(adminUrl: string): Promise<BenchServer> {
  const database = await createScratchDatabase(adminUrl, "racekeys_bench", 10);
  const databaseUrl = database.url!;
  const instance = await startBenchInstance(BENCH_PORT, {
    DATABASE_URL: databaseUrl,
    // The limiter store: Redis when BENCH_REDIS_URL names one (the set-up for several instances),
    // else the PostgreSQL tables; never a REDIS_URL inherited by accident.
    REDIS_URL: BENCH_REDIS_URL,
  });
  return {
    origin: instance.origin,
    pid: instance.pid,
    database,
    databaseUrl,
    async stop() {
      await instance.stop();
      await database.close();
    },
  };
}

export interface BenchInstance {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * One instance of the production build's standalone server (`node server.js`, as deployed) on
 * 127.0.0.1:`port`, built first when sources changed; resolves once /api/ready answers 200.
 */
export async function startBenchInstance(port: number, env: Record<string, string>): Promise<BenchInstance> {
  const fullEnv = {
    ...process.env,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    ...env,
  };
  if (buildIsStale(DIST_DIR)) {
    process.stderr.write("bench: building the production app…\n");
    if (buildApp(DIST_DIR, fullEnv) !== 0) throw new Error("build failed");
  }
  const server: ChildProcess = spawnStandalone(standaloneDir(DIST_DIR), {
    port,
    hostname: "127.0.0.1",
    pgliteDir: loadConfig(fullEnv).PGLITE_DIR,
    env: fullEnv,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${origin}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 120 || server.exitCode !== null) throw new Error(`server on ${port} did not become ready`);
    await sleep(500);
  }
  return {
    origin,
    pid: server.pid!,
    async stop() {
      server.kill("SIGTERM");
      await exited;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LoadOptions {
  url: string;
  connections?: number;
  seconds?: number;
  method?: "GET" | "POST" | "HEAD";
  headers?: Record<string, string>;
  body?: string;
  /** A new path per request, e.g. for distinct keys. */
  nextPath?: () => string;
  /** A new body per request. */
  nextBody?: () => string;
  /** The server's process: its CPU time per measured request is reported too (Linux). */
  serverPid?: number;
}

/** Unmeasured load before each measurement, so that every scenario is timed with its code compiled by the JIT. */
const WARM_UP_SECONDS = 2;

export async function load(
  options: LoadOptions,
): Promise<Pick<Row, "requestsPerSecond" | "p50Ms" | "p99Ms" | "errors" | "serverCpuMsPerRequest">> {
  await run({ ...options, seconds: WARM_UP_SECONDS });
  const cpuBefore = options.serverPid && cpuMs(options.serverPid);
  const result = await run(options);
  const cpu = options.serverPid && cpuBefore !== undefined ? cpuMs(options.serverPid) - cpuBefore : undefined;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    ...(cpu !== undefined && result.requests.total > 0 && { serverCpuMsPerRequest: cpu / result.requests.total }),
  };
}

/**
 * "server CPU 1.10 ms/request", and with the baseline's figure the ratio by CPU: the baseline's CPU
 * per request over this one's, comparable with the throughput ratio but steadier on a busy machine.
 */
export function cpuNote(
  serverCpuMsPerRequest: number | undefined,
  baselineCpuMsPerRequest?: number,
): string | undefined {
  if (serverCpuMsPerRequest === undefined) return undefined;
  const ratio = baselineCpuMsPerRequest && ` (${(baselineCpuMsPerRequest / serverCpuMsPerRequest).toFixed(2)}x by CPU)`;
  return `server CPU ${serverCpuMsPerRequest.toFixed(2)} ms/request${ratio || ""}`;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux everywhere). */
const USER_HZ = 100;

/**
 * CPU time (user and system) used so far by a process and its descendants (Linux). Unlike requests
 * per second, the CPU a request costs barely changes with what else runs on the machine; the
 * limiter store's and the database's own processes are not in it.
 */
export function cpuMs(pid: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // After the command name (in parentheses, which may hold spaces): state, ppid, … utime, stime.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (id: number): boolean => id === pid || (id > 1 && inTree(stats.get(id)?.parent ?? 0));
  let ticks = 0;
  for (const [id, { ticks: own }] of stats) if (inTree(id)) ticks += own;
  return (ticks * 1000) / USER_HZ;
}

function run(options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    duration: options.seconds ?? 8,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    requests:
      options.nextPath || options.nextBody
        ? [
            {
              setupRequest: (request) => ({
                ...request,
                ...(options.nextPath && { path: options.nextPath() }),
                ...(options.nextBody && { body: options.nextBody() }),
              }),
            },
          ]
        : undefined,
  });
}

/** Resident memory of a process in bytes (Linux). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Runs `work` while sampling a process's RSS; returns its result and the peak growth. */
export async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakGrowthBytes: number }> {
  const before = rssBytes(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  try {
    const result = await work();
    peak = Math.max(peak, rssBytes(pid));
    return { result, peakGrowthBytes: peak - before };
  } finally {
    clearInterval(timer);
  }
}

/** `loadAtStart`: os.loadavg() before the run; other work on the machine makes ratios noisier. */
export function machineFacts(database: string, loadAtStart: number[]): string {
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Node.js ${process.version}, ${database}`,
    `- CPUs: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}, memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `- Load average before the run (1, 5, 15 min): ${loadAtStart.map((load) => load.toFixed(2)).join(", ")}`,
  ].join("\n");
}

export function table(rows: Row[]): string {
  const header = "| scenario | req/s | p50 ms | p99 ms | errors | ratio | note |\n|---|---:|---:|---:|---:|---:|---|";
  const cell = (value: unknown) => (value === undefined ? "" : String(value));
  return [
    header,
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${cell(r.requestsPerSecond)} | ${cell(r.p50Ms)} | ${cell(r.p99Ms)} | ${cell(r.errors)} | ${cell(r.ratio)} | ${cell(r.note)} |`,
    ),
  ].join("\n");
}
