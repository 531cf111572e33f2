import path from "node:path";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { getConfig } from "@/lib/platform/config";
import { connectionHealth, type Reachability } from "./connection-health";
import * as schema from "./schema";
// Before any query runs: failed queries must never carry their parameters into logs.
import "./query-errors";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Functions that work inside or outside a transaction take this. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Opens every connection of the pool, so that a fresh instance's first burst finds them set up. */
  warmUp(): Promise<void>;
  /** What the pool's connection attempts tell about the database (always reachable in process). */
  reachability(): Reachability;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "db", "migrations");
const MIGRATION_LOCK_ID = 727_274_001; // arbitrary, constant: pg_advisory_lock key for migrations

export interface PostgresOptions {
  poolSize?: number;
  /** false for PgBouncer in transaction mode. */
  prepare?: boolean;
}

/** Handles whose connections must not keep named prepared statements (PgBouncer in transaction mode). */
const unpreparedHandles = new WeakSet<Db>();

/** Whether drizzle's named `.prepare()` may be used on this handle. */
export const preparesStatements = (db: Db): boolean => !unpreparedHandles.has(db);

/**
 * How long one connection's set-up (TCP, start-up, authentication) may take while the database is
 * reachable: on a busy machine it takes seconds, and a request should wait for it, not get a 503.
 * While the database is not known reachable, the TCP connect alone gets 1.5 s (connection-health.ts).
 */
const CONNECTION_SETUP_TIMEOUT_S = 10;

export function connectPostgres(url: string, options: PostgresOptions = {}): Database {
  const max = options.poolSize ?? 20;
  const health = connectionHealth();
  const client = postgres(url, {
    max,
    prepare: options.prepare ?? true,
    onnotice: () => {},
    connect_timeout: CONNECTION_SETUP_TIMEOUT_S,
    // Retry soon while the database is away, so it is found again within a second once back:
    // postgres.js's default reconnect backoff grows to 20 s across failed attempts.
    backoff: (retries: number) => Math.min(0.05 * retries, 0.4),
    // Documented (README, "Custom socket") but missing from postgres.js's type declarations.
    ...({ socket: health.socket } as object),
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  if (options.prepare === false) unpreparedHandles.add(db);
  return {
    db,
    kind: "postgres",
    // Concurrent queries each take a connection of their own until the pool is full. A connection
    // that fails here is opened again by the next query that needs it.
    warmUp: async () => void (await Promise.allSettled(Array.from({ length: max }, () => client`select 1`))),
    reachability: () => health.reachability,
    close: () => client.end({ timeout: 5 }),
  };
}

/** `dataDir` undefined means an in-memory database (tests). */
export async function connectPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  return {
    db: drizzlePglite({ client, schema }) as unknown as Db,
    kind: "pglite",
    warmUp: async () => {}, // in-process: nothing to connect
    reachability: () => "reachable",
    close: () => client.close(),
  };
}

/**
 * Applies pending migrations. On PostgreSQL it holds an advisory lock on its own connection, so
 * that two instances starting at once apply them one after the other (the second finds nothing to do).
 */
export async function runMigrations(database: Database, url?: string): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  if (!url) throw new Error("runMigrations needs the PostgreSQL URL");
  const lockClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client: lockClient }), { migrationsFolder });
    await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}

/** Opens the configured database and applies pending migrations. */
export async function openConfiguredDatabase(): Promise<Database> {
  const config = getConfig();
  const database = config.DATABASE_URL
    ? connectPostgres(config.DATABASE_URL, {
        poolSize: config.DATABASE_POOL_SIZE,
        prepare: config.DATABASE_PREPARE,
      })
    : await connectPglite(path.resolve(config.PGLITE_DIR));
  await runMigrations(database, config.DATABASE_DIRECT_URL ?? config.DATABASE_URL);
  return database;
}

// Next.js bundles route handlers and instrumentation separately, so a module-level variable could
// exist twice; two PGlite instances on one directory would corrupt it. Keep the one on globalThis.
const globalStore = globalThis as typeof globalThis & { __racekeysDatabase?: Promise<Database> };

/** The process's database, opened and migrated on first use. */
export async function getDatabase(): Promise<Database> {
  globalStore.__racekeysDatabase ??= openConfiguredDatabase().catch((error: unknown) => {
    globalStore.__racekeysDatabase = undefined;
    throw error;
  });
  return globalStore.__racekeysDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Tests and the CLI install a database they opened themselves. */
export function installDatabase(database: Database | undefined): void {
  globalStore.__racekeysDatabase = database ? Promise.resolve(database) : undefined;
}

/** The PostgreSQL error code behind a failed query (drizzle wraps driver errors in `cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";

/** Rows of a raw SQL statement; the two drivers shape `execute` results differently. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
