import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { connectPostgres, runMigrations } from "@/db/client";
import { testDatabaseUrl } from "@/lib/platform/config";
import { hasPostgres, SKIP_WITHOUT_POSTGRES, withDatabase } from "@/testing/database";

// Skipped without TEST_DATABASE_URL (CI always sets it): the advisory lock that serialises
// concurrent migrators exists only on a PostgreSQL server.
describe.skipIf(!hasPostgres())("migrations on postgres", () => {
  const name = `racekeys_test_${randomBytes(6).toString("hex")}`;
  const admin = hasPostgres() ? postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} }) : undefined;
  afterAll(async () => {
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  it("are safe when several instances start at once, and idempotent", async () => {
    await admin!.unsafe(`create database ${name}`);
    const url = withDatabase(testDatabaseUrl()!, name);
    const instances = Array.from({ length: 4 }, () => connectPostgres(url, { poolSize: 2 }));
    try {
      await Promise.all(instances.map((database) => runMigrations(database, url)));
      await runMigrations(instances[0]!, url);
      const client = postgres(url, { max: 1, onnotice: () => {} });
      const applied = await client`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const tables =
        await client`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
      await client.end();
      expect(applied[0]!.n).toBeGreaterThanOrEqual(1);
      expect(tables[0]!.n).toBe(20);
    } finally {
      await Promise.all(instances.map((database) => database.close()));
    }
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without PostgreSQL, one skipped placeholder says why in the report.
if (!hasPostgres()) describe("migrations on postgres", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
