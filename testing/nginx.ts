import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./cluster";

const NGINX = "/usr/sbin/nginx";
export const hasNginx = (): boolean => existsSync(NGINX);
export const SKIP_WITHOUT_NGINX = "needs nginx (Debian: apt-get install -y nginx)";

/** The reference configuration (docs/operations.md, compose.yaml). */
export const REFERENCE_CONFIG = path.join("deploy", "nginx.conf");

/**
 * deploy/nginx.conf with the instances and the listen address of this run substituted, and nothing
 * else changed: the upstream's `server name:port params;` lines become one line per origin with the
 * same parameters, `listen 80;` becomes `listen 127.0.0.1:<port>;`.
 */
export function configFor(reference: string, origins: string[], port: number): string {
  const upstream = /^(\s*)server \S+:\d+( [^;\n]*)?;\n/gm;
  const lines = [...reference.matchAll(upstream)];
  if (lines.length === 0 || !/^\s*listen 80;$/m.test(reference)) throw new Error("not the reference nginx.conf");
  const [indent, params = ""] = [lines[0]![1], lines[0]![2]];
  const servers = origins.map((origin) => `${indent}server ${new URL(origin).host}${params};\n`).join("");
  let replaced = false;
  return reference
    .replace(upstream, () => (replaced ? "" : ((replaced = true), servers)))
    .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
}

export interface Nginx {
  origin: string;
  /** The configuration it runs (the reference with this run's addresses). */
  config: string;
  stop(): Promise<void>;
}

/**
 * nginx from the distribution with deploy/nginx.conf in front of `origins`, in a temporary prefix
 * of its own (pid, logs, temp files), in the foreground; as root its workers run as nobody.
 */
export async function startNginx(origins: string[]): Promise<Nginx> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "racekeys-nginx-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const config = configFor(readFileSync(REFERENCE_CONFIG, "utf8"), origins, port);
  writeFileSync(path.join(dir, "racekeys.conf"), config);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`)
    .join("\n");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      `error_log ${path.join(dir, "error.log")} warn;`,
      "events { worker_connections 2048; }",
      "http {",
      "  access_log off;",
      temp,
      `  include ${path.join(dir, "racekeys.conf")};`,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(
    NGINX,
    ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(path.join(dir, "error.log"), "utf8")}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) break;
    if (i > 100) throw new Error("nginx did not listen");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    config,
    async stop() {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
