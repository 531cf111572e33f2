import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { connectPglite, connectPostgres, runMigrations, installDatabase, type Database } from "@/db/client";
import { testDatabaseUrl } from "@/lib/platform/config";

export type DriverKind = "postgres" | "pglite";

/** The drivers to run integration tests on: PGlite always, PostgreSQL when a server is configured. */
export function testDrivers(): DriverKind[] {
  return testDatabaseUrl() ? ["pglite", "postgres"] : ["pglite"];
}

export const hasPostgres = () => Boolean(testDatabaseUrl());
export const SKIP_WITHOUT_POSTGRES = "needs a real PostgreSQL server: set TEST_DATABASE_URL (CI always does)";

export interface TestDatabase extends Database {
  /** PostgreSQL only: the URL of this test's own database. */
  url?: string;
}

/**
 * A new, migrated database of its own: a fresh PostgreSQL database (dropped on close), or an
 * in-memory PGlite. Installed as the process database, so route handlers use it.
 */
export async function openTestDatabase(kind: DriverKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await connectPglite();
    await runMigrations(database);
    installDatabase(database);
    return database;
  }
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) throw new Error(SKIP_WITHOUT_POSTGRES);
  const database = await createScratchDatabase(adminUrl, "racekeys_test");
  installDatabase(database);
  return {
    ...database,
    async close() {
      installDatabase(undefined);
      await database.close();
    },
  };
}

/** A new, migrated database on the PostgreSQL server of `adminUrl`; `close` drops it. */
export async function createScratchDatabase(adminUrl: string, prefix: string, poolSize = 20): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const database = connectPostgres(url, { poolSize });
  await runMigrations(database, url);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
