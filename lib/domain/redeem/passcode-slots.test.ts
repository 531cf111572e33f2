import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, starters } from "@/db/schema";
import { getConfig, loadConfig } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { apiErrorOf } from "@/lib/adapters/http/errors";
import { DomainError } from "@/lib/domain/errors";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import {
  hasPostgres,
  openTestDatabase,
  SKIP_WITHOUT_POSTGRES,
  testDrivers,
  type TestDatabase,
} from "@/testing/database";
import { redeemCode, type RedeemContext } from "./redeem";

/** A redeem context as the route builds it, with a tiny cap. */
const withCap = (passcodeSlotsPerEvent: number): RedeemContext => ({
  client: { address: "198.51.100.200" },
  now: new Date(),
  graceDays: 30,
  passcodeSlotsPerEvent,
});

async function newEvent(database: TestDatabase) {
  const { organiser } = await newOrganiser(database.db);
  return createEvent(database.db, organiser.id, { name: `Slots ${crypto.randomUUID()}` });
}

async function slotsOf(database: TestDatabase, eventId: string) {
  const [row] = (await database.db
    .select({ n: count() })
    .from(starters)
    .where(and(eq(starters.eventId, eventId), isNull(starters.key)))) as [{ n: number }];
  const [event] = await database.db
    .select({ counted: events.passcodeSlots })
    .from(events)
    .where(eq(events.id, eventId));
  return { rows: row.n, counted: event!.counted };
}

const joining = (passcode: string, deviceId: string) => ({
  key: passcode,
  deviceId,
  startNumber: undefined,
  name: undefined,
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: unknown) => (error instanceof DomainError ? apiErrorOf(error).status : Promise.reject(error)),
  );

describe("PASSCODE_SLOTS_PER_EVENT", () => {
  it("is 50,000 unless set, and a positive whole number", () => {
    expect(loadConfig({}).PASSCODE_SLOTS_PER_EVENT).toBe(50_000);
    expect(loadConfig({ PASSCODE_SLOTS_PER_EVENT: "3" }).PASSCODE_SLOTS_PER_EVENT).toBe(3);
    expect(() => loadConfig({ PASSCODE_SLOTS_PER_EVENT: "0" })).toThrow(/PASSCODE_SLOTS_PER_EVENT/);
    expect(() => loadConfig({ PASSCODE_SLOTS_PER_EVENT: "many" })).toThrow(/PASSCODE_SLOTS_PER_EVENT/);
  });
});

describe.each(testDrivers())("passcode slots per event on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => database?.close());

  it("refuses a new phone past the cap with 409, and still answers phones already connected", async () => {
    const event = await newEvent(database);
    const join = (deviceId: string) => redeemCode(database.db, joining(event.passcode, deviceId), withCap(2));
    const first = await join("phone-1");
    await join("phone-2");
    const refused = join("phone-3");
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining("limit of 2 phones"),
    });
    expect((await join("phone-1")).starter).toEqual(first.starter); // a retry of a connected phone
    expect(await slotsOf(database, event.id)).toEqual({ rows: 2, counted: 2 });
  });

  it("answers the API's one error shape past the configured cap", async () => {
    const event = await newEvent(database);
    const cap = getConfig().PASSCODE_SLOTS_PER_EVENT;
    // As if all but one slot were taken already, without making 50,000 starters.
    await database.db
      .update(events)
      .set({ passcodeSlots: cap - 1 })
      .where(eq(events.id, event.id));
    const redeem = (deviceId: string) =>
      apiRequest("POST", "/api/starters/actions/redeem_key", {
        json: { key: event.passcode, deviceId },
        headers: { [SOCKET_ADDRESS_HEADER]: "198.51.100.201" },
      });
    expect((await redeem("last-phone")).status).toBe(200);
    const refused = await redeem("one-too-many");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: {
        code: "conflict",
        message: `this event's passcode has connected its limit of ${cap.toLocaleString("en-GB")} phones; ask the organiser for a personal key`,
      },
    });
    expect(await slotsOf(database, event.id)).toEqual({ rows: 1, counted: cap });
  });
});

// Skipped without TEST_DATABASE_URL (CI always sets it): PGlite runs one statement at a time, so
// redeems can only race on a real PostgreSQL server.
describe.skipIf(!hasPostgres())("concurrent passcode redeems at the cap on postgres", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(async () => database?.close());

  it("40 new phones at once, cap 7: exactly 7 connect, 33 get 409, and the count stays at the cap", async () => {
    const event = await newEvent(database);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        outcome(redeemCode(database.db, joining(event.passcode, `racer-${i}`), withCap(7))),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 409)).toHaveLength(33);
    expect(await slotsOf(database, event.id)).toEqual({ rows: 7, counted: 7 });
  });

  it("one phone joining 10 times at once under the cap takes one slot", async () => {
    const event = await newEvent(database);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        outcome(redeemCode(database.db, joining(event.passcode, "same-phone"), withCap(3))),
      ),
    );
    expect(statuses).toEqual(Array(10).fill(200));
    expect(await slotsOf(database, event.id)).toEqual({ rows: 1, counted: 1 });
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("concurrent passcode redeems at the cap", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
