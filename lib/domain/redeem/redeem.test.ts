import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, keyBindings, starters, type Starter } from "@/db/schema";
import { createEvent, regeneratePasscode } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { assertRedeemable } from "./redeem";

const RESOLVE = "/api/starters/actions/resolve_key";
const REDEEM = "/api/starters/actions/redeem_key";
const release = (starterId: string) => `/api/starters/${starterId}/actions/release_key`;

let addressCounter = 0;
/** A client address of its own per test, so failure counters of one test do not spill into another. */
const newAddress = () => `198.51.100.${++addressCounter}`;
const fromAddress = (address: string) => ({ [SOCKET_ADDRESS_HEADER]: address });

const DAY = 86_400_000;

describe.each(testDrivers())("redeeming keys and passcodes on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let organiserId: string;
  let eventId: string;
  let passcode: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({
      token,
      organiser: { id: organiserId },
    } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
    const event = await createEvent(database.db, organiserId, {
      name: "Harbour Half Marathon",
      startsAt: new Date(Date.now() + 7 * DAY),
    });
    eventId = event.id;
    passcode = event.passcode;
  });
  afterAll(async () => database?.close());

  /** A new unbound key of the event, optionally with organiser data. */
  async function newKey(data: Partial<Pick<Starter, "startNumber" | "name">> = {}, event = eventId): Promise<Starter> {
    const {
      starters: [minted],
    } = await mintStarterKeys(database.db, { organiserId, eventId: event, count: 1 });
    if (Object.keys(data).length) await database.db.update(starters).set(data).where(eq(starters.id, minted!.id));
    return starterRow(minted!.id);
  }
  const starterRow = async (id: string) => (await database.db.select().from(starters).where(eq(starters.id, id)))[0]!;
  const bindingsOf = (starterId: string) =>
    database.db.select().from(keyBindings).where(eq(keyBindings.starterId, starterId)).orderBy(keyBindings.boundAt);
  const passcodeStarters = async (event = eventId) =>
    (
      (await database.db
        .select({ n: count() })
        .from(starters)
        .where(and(eq(starters.eventId, event), isNull(starters.key)))) as [{ n: number }]
    )[0].n;

  const resolve = (key: string, address = newAddress(), extra = "") =>
    apiRequest("GET", `${RESOLVE}?key=${encodeURIComponent(key)}${extra}`, { headers: fromAddress(address) });
  const redeem = (json: unknown, address = newAddress()) =>
    apiRequest("POST", REDEEM, { json, headers: fromAddress(address) });

  describe("resolve_key", () => {
    it("answers the event and starter of a key, case- and space-insensitively, and never the passcode", async () => {
      const key = await newKey({ startNumber: "02", name: "Zoë O'Brien" });
      const response = await resolve(`  ${key.key!.toLowerCase()} `);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.json();
      expect(body).toEqual({
        kind: "key",
        event: {
          id: eventId,
          name: "Harbour Half Marathon",
          slug: expect.any(String),
          startsAt: expect.any(String),
          endsAt: null,
        },
        starter: { id: key.id, startNumber: "02", name: "Zoë O'Brien", keyUsed: false },
      });
      expect(JSON.stringify(body)).not.toContain(passcode);
    });

    it("reads keys with spaces and dashes in them, in resolve_key and redeem_key", async () => {
      const key = (await newKey()).key!;
      const spaced = `${key.slice(0, 3)} ${key.slice(3)}`;
      const dashed = `${key.slice(0, 3)}-${key.slice(3).toLowerCase()}`;
      expect(await (await resolve(spaced)).json()).toMatchObject({ kind: "key", starter: { keyUsed: false } });
      expect((await redeem({ key: dashed, deviceId: "phone-dashes" })).status).toBe(200);
      expect(await (await resolve(dashed)).json()).toMatchObject({ kind: "key", starter: { keyUsed: true } });
    });

    it("answers the passcode's event without a starter", async () => {
      const response = await resolve(passcode);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ kind: "passcode", event: expect.objectContaining({ id: eventId }) });
    });

    it("changes nothing: a resolved key stays unused", async () => {
      const key = await newKey();
      for (let i = 0; i < 3; i++) expect((await resolve(key.key!)).status).toBe(200);
      expect(await starterRow(key.id)).toEqual(key);
      expect(await bindingsOf(key.id)).toEqual([]);
    });

    it("still resolves keys of events that ended long ago", async () => {
      const ended = await createEvent(database.db, organiserId, {
        name: "Old Run",
        startsAt: new Date(Date.now() - 400 * DAY),
        endsAt: new Date(Date.now() - 399 * DAY),
      });
      const key = await newKey({}, ended.id);
      expect((await resolve(key.key!)).status).toBe(200);
    });

    it("needs a key parameter, and checks deviceId when given", async () => {
      const missing = await apiRequest("GET", RESOLVE, { headers: fromAddress(newAddress()) });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        error: expect.objectContaining({ code: "invalid_request", message: "key: key is required" }),
      });
      expect((await resolve(passcode, newAddress(), "&deviceId=has%20space")).status).toBe(400);
      expect((await resolve(passcode, newAddress(), "&deviceId=app-install-1")).status).toBe(200);
    });
  });

  describe("unknown and malformed keys", () => {
    const guesses = [
      "ZZZZZ9",
      "abc",
      "",
      " ",
      "K84N2S!",
      "ÄÖÜ123",
      "1234567",
      "x".repeat(5000),
      "\u0000\u0001",
      "' or 1=1 --",
    ];

    it("get one and the same answer from resolve_key and redeem_key", async () => {
      const answers = new Set<string>();
      for (const [i, guess] of guesses.entries()) {
        const resolved = await resolve(guess);
        const redeemed = await redeem({ key: guess, deviceId: `guessing-phone-${i}` });
        for (const response of [resolved, redeemed]) {
          const headers = [...response.headers].filter(([name]) => name !== "x-request-id");
          answers.add(`${response.status} ${JSON.stringify(headers)} ${await response.text()}`);
        }
      }
      expect([...answers]).toEqual([
        `404 [["cache-control","no-store"],["content-type","application/json"]] {"error":{"code":"not_found","message":"no event has this key or passcode; check the six characters"}}`,
      ]);
    });

    it("only a key of the wrong JSON type is a 400 (a client bug, not a guess)", async () => {
      const response = await redeem({ key: 123456, deviceId: "device-1" });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: expect.objectContaining({ code: "invalid_request", message: "key: key must be a string" }),
      });
    });
  });

  describe("redeem_key with a personal key", () => {
    it("binds the key to the first device, once, and answers the same device again identically", async () => {
      const key = await newKey({ startNumber: "7", name: "Ana" });
      const first = await redeem({ key: key.key, deviceId: "phone-a" });
      expect(first.status).toBe(200);
      const answer = await first.json();
      expect(answer).toEqual({
        kind: "key",
        event: expect.objectContaining({ id: eventId, name: "Harbour Half Marathon" }),
        starter: { id: key.id, startNumber: "7", name: "Ana" },
      });
      const bound = await starterRow(key.id);
      expect(bound).toMatchObject({ keyUsed: true, deviceId: "phone-a" });
      expect(bound.redeemedAt).toBeInstanceOf(Date);

      const again = await redeem({ key: key.key!.toLowerCase(), deviceId: "phone-a" });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(answer);
      expect((await starterRow(key.id)).redeemedAt).toEqual(bound.redeemedAt);
      expect(await bindingsOf(key.id)).toEqual([
        expect.objectContaining({ starterId: key.id, deviceId: "phone-a", releasedAt: null }),
      ]);
    });

    it("refuses another device with 409 and says the organiser can release it", async () => {
      const key = await newKey();
      expect((await redeem({ key: key.key, deviceId: "phone-a" })).status).toBe(200);
      const other = await redeem({ key: key.key, deviceId: "phone-b" });
      expect(other.status).toBe(409);
      expect(await other.json()).toEqual({
        error: { code: "conflict", message: expect.stringMatching(/another phone.*organiser can release/) },
      });
      expect(await starterRow(key.id)).toMatchObject({ deviceId: "phone-a" });
      expect(await bindingsOf(key.id)).toHaveLength(1);
    });

    it("fills startNumber and name from the link only where the organiser left them empty", async () => {
      const key = await newKey({ name: "Set By Organiser" });
      const response = await redeem({
        key: key.key,
        deviceId: "phone-c",
        startNumber: " 0042 ",
        name: "From The Link",
      });
      expect(await response.json()).toMatchObject({ starter: { startNumber: "0042", name: "Set By Organiser" } });
      expect(await starterRow(key.id)).toMatchObject({ startNumber: "0042", name: "Set By Organiser" });
    });

    it("validates deviceId, startNumber and name", async () => {
      const key = await newKey();
      const bad = [
        { key: key.key },
        { key: key.key, deviceId: "" },
        { key: key.key, deviceId: "x".repeat(129) },
        { key: key.key, deviceId: "with space" },
        { key: key.key, deviceId: "ünïcode" },
        { key: key.key, deviceId: 42 },
        { key: key.key, deviceId: "ok", name: "x".repeat(201) },
        { key: key.key, deviceId: "ok", name: "tab\there" },
        { key: key.key, deviceId: "ok", startNumber: 7 },
        { key: key.key, deviceId: "ok", extra: true },
      ];
      for (const json of bad) {
        const response = await redeem(json);
        expect(response.status, JSON.stringify(json)).toBe(400);
        expect(await response.json()).toEqual({ error: expect.objectContaining({ code: "invalid_request" }) });
      }
      expect(await starterRow(key.id)).toEqual(key);
    });
  });

  describe("redeem_key with the passcode", () => {
    it("creates one starter per device with the link data; the same device gets its starter back", async () => {
      const event = await createEvent(database.db, organiserId, { name: "Passcode Run" });
      const first = await redeem({
        key: event.passcode.toLowerCase(),
        deviceId: "phone-1",
        startNumber: "12",
        name: "Li",
      });
      expect(first.status).toBe(200);
      const answer = await first.json();
      expect(answer).toEqual({
        kind: "passcode",
        event: expect.objectContaining({ id: event.id }),
        starter: { id: expect.any(String), startNumber: "12", name: "Li" },
      });
      const again = await redeem({ key: event.passcode, deviceId: "phone-1", name: "Other Name" });
      expect(await again.json()).toEqual(answer);
      const second = await redeem({ key: event.passcode, deviceId: "phone-2" });
      expect(await second.json()).toMatchObject({ starter: { startNumber: null, name: null } });
      expect(await passcodeStarters(event.id)).toBe(2);
      expect(await starterRow(answer.starter.id)).toMatchObject({ keyUsed: true, deviceId: "phone-1", key: null });
    });

    it("a replaced passcode is an unknown key; the new one works", async () => {
      const event = await createEvent(database.db, organiserId, { name: "Rotated Run" });
      const renewed = await regeneratePasscode(database.db, event);
      expect((await redeem({ key: event.passcode, deviceId: "phone-1" })).status).toBe(404);
      expect((await redeem({ key: renewed.passcode, deviceId: "phone-1" })).status).toBe(200);
    });
  });

  describe("ended events", () => {
    it("answer 410 for redeeming more than REDEEM_GRACE_DAYS (30) after the end, with a message", async () => {
      const ended = await createEvent(database.db, organiserId, {
        name: "Autumn Run",
        startsAt: new Date(Date.now() - 32 * DAY),
        endsAt: new Date(Date.now() - 31 * DAY),
      });
      const key = await newKey({}, ended.id);
      for (const code of [key.key!, ended.passcode]) {
        const response = await redeem({ key: code, deviceId: "late-phone" });
        expect(response.status).toBe(410);
        expect(await response.json()).toEqual({
          error: {
            code: "gone",
            message: expect.stringMatching(
              /^this event ended on \d{4}-\d\d-\d\d; its keys could be redeemed for 30 days after that$/,
            ),
          },
        });
      }
      expect(await starterRow(key.id)).toEqual(key);
      expect(await passcodeStarters(ended.id)).toBe(0);
    });

    it("can still be redeemed within the grace period", async () => {
      const recent = await createEvent(database.db, organiserId, {
        name: "Recent Run",
        startsAt: new Date(Date.now() - 30 * DAY),
        endsAt: new Date(Date.now() - 29 * DAY),
      });
      expect((await redeem({ key: recent.passcode, deviceId: "phone-1" })).status).toBe(200);
    });

    it("the grace period is the configured number of days", async () => {
      const endsAt = new Date("2026-06-01T12:00:00Z");
      const event = { ...(await database.db.select().from(events).limit(1))[0]!, endsAt };
      expect(() => assertRedeemable(event, new Date("2026-06-08T12:00:00Z"), 7)).not.toThrow();
      expect(() => assertRedeemable(event, new Date("2026-06-08T12:00:01Z"), 7)).toThrow(/ended on 2026-06-01/);
      expect(() => assertRedeemable({ ...event, endsAt: null }, new Date("2099-01-01"), 0)).not.toThrow();
    });
  });

  describe("release_key", () => {
    it("unbinds the key for a new phone and keeps the history", async () => {
      const key = await newKey();
      expect((await redeem({ key: key.key, deviceId: "old-phone" })).status).toBe(200);
      const released = await apiRequest("POST", release(key.id), { token });
      expect(released.status).toBe(200);
      expect(await released.json()).toMatchObject({ id: key.id, key: key.key, keyUsed: true, eventId });
      expect(await starterRow(key.id)).toMatchObject({ deviceId: null, keyUsed: true });

      expect((await redeem({ key: key.key, deviceId: "old-phone-again" })).status).toBe(200);
      expect((await redeem({ key: key.key, deviceId: "new-phone" })).status).toBe(409);
      const history = await bindingsOf(key.id);
      expect(history.map((b) => [b.deviceId, b.releasedAt === null])).toEqual([
        ["old-phone", false],
        ["old-phone-again", true],
      ]);
    });

    it("releasing a free key changes nothing", async () => {
      const key = await newKey();
      const response = await apiRequest("POST", release(key.id), { token });
      expect(response.status).toBe(200);
      expect(await starterRow(key.id)).toEqual(key);
    });

    it("is only for the organiser's own personal keys", async () => {
      const key = await newKey();
      await redeem({ key: key.key, deviceId: "phone-x" });
      const joined = await (await redeem({ key: passcode, deviceId: "phone-y" })).json();
      const cases: Array<[Promise<Response>, number, string]> = [
        [apiRequest("POST", release(key.id)), 401, "unauthorized"],
        [apiRequest("POST", release(key.id), { token: otherToken }), 404, "not_found"],
        [apiRequest("POST", release(crypto.randomUUID()), { token }), 404, "not_found"],
        [apiRequest("POST", release("not-a-uuid"), { token }), 400, "invalid_request"],
        [apiRequest("POST", release(joined.starter.id), { token }), 409, "conflict"],
        [apiRequest("GET", release(key.id), { token }), 405, "method_not_allowed"],
      ];
      for (const [pending, status, code] of cases) {
        const response = await pending;
        expect(response.status).toBe(status);
        expect(await response.json()).toEqual({ error: expect.objectContaining({ code }) });
      }
      expect(await starterRow(key.id)).toMatchObject({ deviceId: "phone-x" });
    });
  });

  describe("concurrency (in one process)", () => {
    it("100 devices redeeming one key at once: one wins, 99 get 409, one binding", async () => {
      const key = await newKey();
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) => redeem({ key: key.key, deviceId: `racer-${i}` })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      const winner = `racer-${statuses.indexOf(200)}`;
      expect(await starterRow(key.id)).toMatchObject({ deviceId: winner });
      expect(await bindingsOf(key.id)).toEqual([expect.objectContaining({ deviceId: winner })]);
    });

    it("one device redeeming a key and the passcode 10 times at once gets one binding and one starter", async () => {
      const key = await newKey();
      const event = await createEvent(database.db, organiserId, { name: "Retry Run" });
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => [
          redeem({ key: key.key, deviceId: "retrying" }),
          redeem({ key: event.passcode, deviceId: "retrying" }),
        ]).flat(),
      );
      const bodies = await Promise.all(responses.map((r) => r.json()));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(new Set(bodies.map((b) => b.starter.id)).size).toBe(2);
      expect(await bindingsOf(key.id)).toHaveLength(1);
      expect(await passcodeStarters(event.id)).toBe(1);
    });
  });
});
