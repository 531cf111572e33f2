import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./cluster";

const PGBOUNCER = "/usr/sbin/pgbouncer";
export const hasPgBouncer = (): boolean => existsSync(PGBOUNCER);
export const SKIP_WITHOUT_PGBOUNCER = "needs pgbouncer (Debian: apt-get install -y pgbouncer)";

export interface Bouncer {
  url: string;
  stop(): Promise<void>;
}

/** PgBouncer in transaction mode in front of `target` (a postgres:// URL on a trust-auth server). */
export async function startPgBouncer(target: string): Promise<Bouncer> {
  const { hostname, port: targetPort, pathname } = new URL(target);
  const dir = mkdtempSync(path.join(os.tmpdir(), "racekeys-pgbouncer-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  writeFileSync(path.join(dir, "users.txt"), '"postgres" ""\n');
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `racekeys = host=${hostname} port=${targetPort || 5432} dbname=${pathname.slice(1)} user=postgres`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 8",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
    ].join("\n"),
  );
  // PgBouncer will not run as root; -u switches to the postgres user.
  const args =
    process.getuid?.() === 0 ? ["-u", "postgres", path.join(dir, "pgbouncer.ini")] : [path.join(dir, "pgbouncer.ini")];
  const child: ChildProcess = spawn(PGBOUNCER, args, { stdio: "ignore" });
  const url = `postgres://postgres@127.0.0.1:${port}/racekeys`;
  for (let i = 0; i < 100; i++) {
    const { connect } = await import("node:net");
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
