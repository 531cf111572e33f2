import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { connectPglite, installDatabase, queryRows, runMigrations, type Db } from "@/db/client";
import { landingVisitCounts } from "@/db/schema";
import { testDatabaseUrl } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { redeemCode } from "@/lib/domain/redeem/redeem";
import { newOrganiser } from "@/testing/client";
import { createScratchDatabase, hasPostgres, SKIP_WITHOUT_POSTGRES, withDatabase } from "@/testing/database";

/**
 * `cli -- backup` and `cli -- restore` as the operator runs them (own processes): a database with
 * data in every kind of table is backed up, restored into a fresh one, and every table compared.
 */

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run("npx", ["tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: "", DATABASE_DIRECT_URL: "", ...env },
  });

/** Organiser, token, event, keys, a redeemed key (binding history), visit counts. */
async function fillWithData(db: Db): Promise<void> {
  const owner = await newOrganiser(db);
  const event = await createEvent(db, owner.organiser.id, { name: "Backup Run" });
  const { starters } = await mintStarterKeys(db, { organiserId: owner.organiser.id, eventId: event.id, count: 3 });
  await redeemCode(
    db,
    { key: starters[0]!.key!, deviceId: "phone-1", startNumber: undefined, name: "Zoë" },
    { client: { address: "192.0.2.1" }, now: new Date(), graceDays: 30, passcodeSlotsPerEvent: 10 },
  );
  await db.insert(landingVisitCounts).values({
    eventId: event.id,
    code: starters[1]!.key!,
    platform: "ios",
    inApp: false,
    hour: new Date("2027-05-01T08:00:00Z"),
    count: 7,
  });
}

/** Every table of ours (public and drizzle's migration records) as its rows in a fixed order. */
async function tables(db: Db): Promise<Record<string, string>> {
  const names = await queryRows<{ name: string }>(
    db,
    sql`select format('%I.%I', table_schema, table_name) as name from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`,
  );
  const contents: Record<string, string> = {};
  for (const { name } of names) {
    const [row] = await queryRows<{ rows: string }>(
      db,
      sql.raw(`select coalesce(json_agg(t order by t::text), '[]')::text as rows from ${name} t`),
    );
    contents[name] = row!.rows;
  }
  return contents;
}

/** The source must hold rows in the tables that matter, or the comparison proves little. */
function expectFilled(contents: Record<string, string>) {
  for (const table of [
    "drizzle.__drizzle_migrations",
    "public.organisers",
    "public.api_tokens",
    "public.events",
    "public.codes",
    "public.starters",
    "public.key_bindings",
    "public.landing_visit_counts",
  ]) {
    expect(JSON.parse(contents[table]!).length, table).toBeGreaterThan(0);
  }
}

describe("backup and restore on pglite", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "racekeys-backup-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("restores a backup into a new directory with every table equal", async () => {
    const source = await connectPglite(path.join(folder, "source"));
    await runMigrations(source);
    installDatabase(source);
    await fillWithData(source.db);
    const before = await tables(source.db);
    expectFilled(before);
    await source.close();
    installDatabase(undefined);

    const file = path.join(folder, "racekeys.tar.gz");
    await cli(["backup", "--out", file], { PGLITE_DIR: path.join(folder, "source") });
    await cli(["restore", "--in", file], { PGLITE_DIR: path.join(folder, "restored") });

    const restored = await connectPglite(path.join(folder, "restored"));
    expect(await tables(restored.db)).toEqual(before);
    await restored.close();

    // A directory that holds a database is never restored over.
    await expect(cli(["restore", "--in", file], { PGLITE_DIR: path.join(folder, "restored") })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("is not empty"),
    });
  }, 120_000);
});

describe.skipIf(!hasPostgres())("backup and restore on postgres", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "racekeys-backup-"));
  const admin = postgres(testDatabaseUrl() ?? "postgres://unused", { max: 1, onnotice: () => {} });
  const target = `racekeys_restore_${Date.now()}`;
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${target} with (force)`);
    await admin.end();
    rmSync(folder, { recursive: true, force: true });
  });

  it("restores a pg_dump backup into a fresh database with every table equal", async () => {
    const source = await createScratchDatabase(testDatabaseUrl()!, "racekeys_backup");
    try {
      installDatabase(source);
      await fillWithData(source.db);
      const before = await tables(source.db);
      expectFilled(before);

      const file = path.join(folder, "racekeys.dump");
      await cli(["backup", "--out", file], { DATABASE_URL: source.url! });
      await admin.unsafe(`create database ${target}`);
      const targetUrl = withDatabase(testDatabaseUrl()!, target);
      await cli(["restore", "--in", file], { DATABASE_URL: targetUrl });

      const restored = postgres(targetUrl, { max: 1, onnotice: () => {} });
      const { drizzle } = await import("drizzle-orm/postgres-js");
      const restoredDb = drizzle({ client: restored }) as unknown as Db;
      try {
        // The limiter's UNLOGGED scratch tables come back empty; everything else as it was.
        const unlogged = { "public.rate_limits": "[]", "public.lookup_failures": "[]" };
        expect(JSON.parse(before["public.rate_limits"]!).length).toBeGreaterThan(0);
        expect(await tables(restoredDb)).toEqual({ ...before, ...unlogged });
        // Restoring over a database that has tables fails as a whole and leaves it as it was.
        await expect(cli(["restore", "--in", file], { DATABASE_URL: targetUrl })).rejects.toMatchObject({ code: 1 });
        expect(await tables(restoredDb)).toEqual({ ...before, ...unlogged });
      } finally {
        await restored.end();
      }
    } finally {
      installDatabase(undefined);
      await source.close();
    }
  }, 120_000);
});

if (!hasPostgres()) describe("backup and restore on postgres", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
