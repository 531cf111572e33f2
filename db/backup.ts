import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";

/**
 * Backups of the one database: PostgreSQL through pg_dump/pg_restore in their custom format (the
 * client tools of the server's major version or newer must be installed), the embedded PGlite as
 * its data-directory dump (a gzipped tar). The limiter tables are UNLOGGED scratch state: their
 * rows are left out of PostgreSQL backups, as a crash would lose them too.
 */

/** Where a backup comes from or goes to: a PostgreSQL URL, or an embedded data directory. */
export type BackupTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

export async function backup(target: BackupTarget, file: string): Promise<void> {
  if (target.kind === "postgres") {
    await run("pg_dump", [
      "--format=custom",
      "--no-owner",
      "--no-privileges",
      "--no-unlogged-table-data",
      `--file=${file}`,
      `--dbname=${target.url}`,
    ]);
    return;
  }
  const client = new PGlite(target.dir);
  try {
    // Before it is ready nothing keeps the process alive: the dump's promise would never settle.
    await client.waitReady;
    const dump = await client.dumpDataDir("gzip");
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await client.close();
  }
}

/**
 * Restores a backup into an empty database: a PostgreSQL database without tables of ours, or a
 * PGlite directory that does not exist yet or is empty. Refuses anything else, so a restore never
 * mixes two databases; the operator moves the old one aside first.
 */
export async function restore(target: BackupTarget, file: string): Promise<void> {
  if (target.kind === "postgres") {
    await run("pg_restore", [
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--exit-on-error",
      `--dbname=${target.url}`,
      file,
    ]);
    return;
  }
  if (existsSync(target.dir) && readdirSync(target.dir).length > 0) {
    throw new Error(
      `${target.dir} is not empty: move it aside (or set PGLITE_DIR to a new directory) before a restore`,
    );
  }
  const client = new PGlite(target.dir, { loadDataDir: new Blob([await readFile(file)]) });
  try {
    await client.waitReady;
  } finally {
    await client.close();
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) =>
      reject(new Error(`${command} could not run (is the PostgreSQL client installed?): ${error.message}`)),
    );
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.trim()}`)),
    );
  });
}
