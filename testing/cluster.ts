import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A PostgreSQL cluster of the test's own, made with initdb on a free port, so a test can stop and
 * start it without disturbing anything else. Needs the server binaries (Debian: postgresql) and,
 * as root, the postgres user to run them.
 */
export interface ThrowawayCluster {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const dir = version && path.join(root, version, "bin");
  return dir && existsSync(path.join(dir, "initdb")) ? dir : undefined;
}

export const canMakeClusters = (): boolean => Boolean(binDir());
export const SKIP_WITHOUT_INITDB = "needs PostgreSQL's server binaries (initdb, pg_ctl) to make a throwaway cluster";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function makeCluster(): Promise<ThrowawayCluster> {
  const bin = binDir();
  if (!bin) throw new Error(SKIP_WITHOUT_INITDB);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "racekeys-cluster-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { stdio: "ignore" })
      : execFileSync(path.join(bin, tool), args, { stdio: "ignore" });
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-w", "-l", path.join(dir, "log"), "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
