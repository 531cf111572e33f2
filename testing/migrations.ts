import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { connectPglite, connectPostgres, runMigrations, type Database } from "@/db/client";
import { testDatabaseUrl } from "@/lib/platform/config";
import { withDatabase, type DriverKind } from "./database";

/** Something to undo once the tests are done. */
export type Cleanup = () => Promise<void> | void;

/** A copy of db/migrations with only the migrations before `tag` in its journal. */
export function migrationsBefore(tag: string, cleanups: Cleanup[]): string {
  const folder = mkdtempSync(path.join(tmpdir(), "racekeys-migrations-"));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  cpSync(path.join(process.cwd(), "db", "migrations"), folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  if (index <= 0) throw new Error(`no migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

/**
 * A fresh database migrated up to `folder` (`migrationsBefore`), with a function that migrates it
 * the rest of the way, as a server start does.
 */
export async function partlyMigrated(
  kind: DriverKind,
  folder: string,
  cleanups: Cleanup[],
): Promise<{ database: Database; finish: () => Promise<void> }> {
  if (kind === "pglite") {
    const database = await connectPglite();
    cleanups.push(() => database.close());
    await migratePglite(database.db as never, { migrationsFolder: folder });
    return { database, finish: () => runMigrations(database) };
  }
  const admin = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });
  const name = `racekeys_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(testDatabaseUrl()!, name);
  const database = connectPostgres(url, { poolSize: 2 });
  cleanups.push(async () => {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  await migratePostgres(database.db as never, { migrationsFolder: folder });
  return { database, finish: () => runMigrations(database, url) };
}
