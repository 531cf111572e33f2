import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  auditLog,
  knownBrowsers,
  landingVisitCounts,
  mintBatches,
  sessions,
  starters,
  webhookDeliveries,
  webhookEndpoints,
} from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { purgeExpired } from "./purge";
import { scheduleRetention } from "./schedule";

const DAY_MS = 86_400_000;
const settings = { visitDays: 400, idempotencyDays: 7, auditDays: 400, webhookDeliveryDays: 30 };
const run = promisify(execFile);

describe.each(testDrivers())("retention purge on %s", (driver) => {
  let database: TestDatabase;
  let organiserId: string;
  let eventId: string;
  let keys: string[];
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    organiserId = (await newOrganiser(database.db)).organiser.id;
    eventId = (await createEvent(database.db, organiserId, { name: "Retention Run" })).id;
    const minted = await mintStarterKeys(database.db, { organiserId, eventId, count: 2, idempotencyKey: "old-order" });
    await mintStarterKeys(database.db, { organiserId, eventId, count: 1, idempotencyKey: "new-order" });
    keys = minted.starters.map((starter) => starter.key!);
  });
  afterAll(async () => database?.close());

  /** One row of each kind on either side of its limit. */
  async function seedAroundTheLimits() {
    const visit = { eventId, platform: "ios" as const, inApp: false, count: 3 };
    await database.db.insert(landingVisitCounts).values([
      { ...visit, code: keys[0]!, hour: ago(401) },
      { ...visit, code: keys[1]!, hour: ago(399) },
    ]);
    await database.db.insert(sessions).values([
      { organiserId, sessionHash: randomUUID(), expiresAt: ago(0.001) },
      { organiserId, sessionHash: randomUUID(), expiresAt: ago(-1) },
    ]);
    await database.db.insert(knownBrowsers).values([
      { organiserId, tokenHash: randomUUID(), expiresAt: ago(1) },
      { organiserId, tokenHash: randomUUID(), expiresAt: ago(-180) },
    ]);
    const entry = { organisationId: organiserId, actorKind: "member" as const, actorLabel: "a", action: "signed_in" };
    await database.db.insert(auditLog).values([
      { ...entry, createdAt: ago(401) },
      { ...entry, createdAt: ago(399) },
    ]);
    const [endpoint] = await database.db
      .insert(webhookEndpoints)
      .values({ organisationId: organiserId, url: "https://93.184.216.34/hooks", secret: "whsec_x", eventTypes: [] })
      .returning();
    const delivery = { endpointId: endpoint!.id, eventType: "keys.minted", payload: {} };
    await database.db.insert(webhookDeliveries).values([
      { ...delivery, status: "delivered", createdAt: ago(31) },
      { ...delivery, status: "failed", createdAt: ago(31) },
      { ...delivery, status: "pending", createdAt: ago(31) },
      { ...delivery, status: "delivered", createdAt: ago(29) },
    ]);
    await database.db
      .update(mintBatches)
      .set({ createdAt: ago(8) })
      .where(eq(mintBatches.idempotencyKey, "old-order"));
  }

  it("removes exactly what is past its retention, and nothing on a second run", async () => {
    await seedAroundTheLimits();
    expect(await purgeExpired(database.db, settings, now)).toEqual({
      visitCounts: 1,
      sessions: 1,
      knownBrowsers: 1,
      idempotencyKeys: 1,
      auditEntries: 1,
      webhookDeliveries: 2,
    });
    const kept = await database.db.select().from(webhookDeliveries);
    expect(kept.map((row) => row.status).sort()).toEqual(["delivered", "pending"]);
    expect((await database.db.select().from(landingVisitCounts)).map((row) => row.code)).toEqual([keys[1]]);
    expect((await database.db.select().from(sessions)).every((row) => row.expiresAt > now)).toBe(true);
    expect((await database.db.select().from(knownBrowsers)).every((row) => row.expiresAt > now)).toBe(true);
    const batches = await database.db.select().from(mintBatches).orderBy(mintBatches.createdAt);
    expect(batches.map((batch) => batch.idempotencyKey)).toEqual([null, "new-order"]);
    // The batch's keys stay; only its Idempotency-Key is forgotten.
    expect(await database.db.select().from(starters).where(eq(starters.eventId, eventId))).toHaveLength(3);
    expect(await purgeExpired(database.db, settings, now)).toEqual({
      visitCounts: 0,
      sessions: 0,
      knownBrowsers: 0,
      idempotencyKeys: 0,
      auditEntries: 0,
      webhookDeliveries: 0,
    });
  });

  it("the server's schedule purges every RETENTION_PURGE_MINUTES (60 by default)", async () => {
    await database.db.insert(sessions).values({ organiserId, sessionHash: randomUUID(), expiresAt: ago(1) });
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const stop = scheduleRetention();
    try {
      vi.advanceTimersByTime(59 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await database.db.select().from(sessions)).some((row) => row.expiresAt < now)).toBe(true);
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(async () =>
        expect((await database.db.select().from(sessions)).every((row) => row.expiresAt > now)).toBe(true),
      );
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it.runIf(driver === "postgres")("skips while another instance purges (the advisory lock is held)", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(727274002)`);
      expect(await purgeExpired(database.db, settings, now)).toBeUndefined();
    });
    expect(await purgeExpired(database.db, settings, now)).toBeDefined();
  });

  it.runIf(driver === "postgres")("cli -- purge runs the same purge on the configured database", async () => {
    await database.db.insert(sessions).values({ organiserId, sessionHash: randomUUID(), expiresAt: ago(1) });
    const { stdout } = await run("npx", ["tsx", "scripts/cli.ts", "purge"], {
      env: { ...process.env, DATABASE_URL: database.url!, DATABASE_DIRECT_URL: "" },
    });
    expect(stdout).toBe("removed 0 visit counts, 1 sessions, 0 known browsers; cleared 0 idempotency keys\n");
    expect((await database.db.select().from(sessions)).every((row) => row.expiresAt > now)).toBe(true);
  });
});
