import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

const RESOLVE = "/api/starters/actions/resolve_key";
const REDEEM = "/api/starters/actions/redeem_key";
const [addressLimit] = getConfig().LOOKUP_FAILURES_PER_ADDRESS;
const [deviceLimit] = getConfig().LOOKUP_FAILURES_PER_DEVICE;

let addressCounter = 0;
const newAddress = () => `2001:db8:${(++addressCounter).toString(16)}::1`;

describe.each(testDrivers())("failed-lookup limits through the API on %s", (driver) => {
  let database: TestDatabase;
  let keys: string[];
  let passcode: string;
  let mintKeys: (count: number) => Promise<string[]>;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { organiser } = await newOrganiser(database.db);
    const event = await createEvent(database.db, organiser.id, { name: "Limit Run" });
    passcode = event.passcode;
    mintKeys = async (count) =>
      (await mintStarterKeys(database.db, { organiserId: organiser.id, eventId: event.id, count })).starters.map(
        (s) => s.key!,
      );
    keys = await mintKeys(60);
  });
  afterAll(async () => database?.close());

  const resolve = (key: string, address: string, headers: Record<string, string> = {}) =>
    apiRequest("GET", `${RESOLVE}?key=${encodeURIComponent(key)}`, {
      headers: { [SOCKET_ADDRESS_HEADER]: address, ...headers },
    });
  const redeem = (key: string, deviceId: string, address: string) =>
    apiRequest("POST", REDEEM, { json: { key, deviceId }, headers: { [SOCKET_ADDRESS_HEADER]: address } });
  /** Unknown (well-formed) and malformed guesses alternate: both count. */
  const guess = (i: number) => (i % 2 ? `QQQQ${String(i).padStart(2, "0")}`.slice(0, 6) : `bad-${i}`);

  async function expectLimited(response: Response) {
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(addressLimit!.seconds - 60);
    expect(retryAfter).toBeLessThanOrEqual(Math.max(addressLimit!.seconds, deviceLimit!.seconds));
    expect(await response.json()).toEqual({
      error: {
        code: "rate_limited",
        message: expect.stringMatching(/^too many unknown keys .* try again in \d+ min$/),
      },
    });
  }

  it(`after ${addressLimit!.failures} failed lookups an address gets 429 for everything, real keys too; others do not`, async () => {
    const address = newAddress();
    for (let i = 0; i < addressLimit!.failures; i++) {
      const response = i % 3 ? await resolve(guess(i), address) : await redeem(guess(i), `phone-${i}`, address);
      expect(response.status).toBe(404);
    }
    await expectLimited(await resolve(guess(99), address));
    await expectLimited(await resolve(keys[0]!, address));
    await expectLimited(await redeem(passcode, "fresh-phone", address));
    expect((await resolve(keys[0]!, newAddress())).status).toBe(200);
  });

  it("successful lookups are never counted, so a start corral behind one address can redeem", async () => {
    const address = newAddress();
    for (let i = 0; i < 60; i++) {
      expect((await resolve(keys[i]!, address)).status).toBe(200);
      expect((await redeem(keys[i]!, `corral-phone-${i}`, address)).status).toBe(200);
      expect((await redeem(passcode, `corral-phone-${i}`, address)).status).toBe(200);
    }
    for (let i = 0; i < addressLimit!.failures; i++) expect((await resolve(guess(i), address)).status).toBe(404);
    await expectLimited(await resolve(guess(0), address));
  });

  it("a key redeemed from an address forgives that address's typos of it (a venue), and only those", async () => {
    const address = newAddress();
    const venueKeys = await mintKeys(addressLimit!.failures * 3);
    for (const [i, key] of venueKeys.entries()) {
      // A dropped last character or a substituted third one, then the key typed right.
      const typo = i % 2 ? key.slice(0, 5) : key.slice(0, 2) + (key[2] === "Q" ? "R" : "Q") + key.slice(3);
      expect((await redeem(typo, `venue-phone-${i}`, address)).status, typo).toBe(404);
      expect((await redeem(key, `venue-phone-${i}`, address)).status, key).toBe(200);
    }
    for (let i = 0; i < addressLimit!.failures; i++) expect((await resolve(guess(i), address)).status).toBe(404);
    await expectLimited(await resolve(guess(0), address));
  });

  it(`a device gets 429 after ${deviceLimit!.failures} failed lookups, whatever its address`, async () => {
    for (let i = 0; i < deviceLimit!.failures; i++)
      expect((await redeem(guess(i), "roaming-phone", newAddress())).status).toBe(404);
    await expectLimited(await redeem(passcode, "roaming-phone", newAddress()));
    expect((await redeem(passcode, "other-phone", newAddress())).status).toBe(200);
    const viaResolve = await apiRequest("GET", `${RESOLVE}?key=${passcode}&deviceId=roaming-phone`, {
      headers: { [SOCKET_ADDRESS_HEADER]: newAddress() },
    });
    await expectLimited(viaResolve);
  });

  it("X-Forwarded-For does not open new buckets without TRUST_PROXY", async () => {
    expect(getConfig().TRUST_PROXY).toBe(false);
    const address = newAddress();
    for (let i = 0; i < addressLimit!.failures; i++) {
      expect((await resolve(guess(i), address, { "x-forwarded-for": `203.0.113.${i}` })).status).toBe(404);
    }
    await expectLimited(await resolve(guess(0), address, { "x-forwarded-for": "192.0.2.1" }));
  });

  it("addresses of one IPv6 /64 share a bucket", async () => {
    for (let i = 0; i < addressLimit!.failures; i++)
      expect((await resolve(guess(i), `2001:db8:ffff:1::${i + 1}`)).status).toBe(404);
    await expectLimited(await resolve(guess(0), "2001:db8:ffff:1:abcd::9"));
    expect((await resolve(keys[0]!, "2001:db8:ffff:2::1")).status).toBe(200);
  });
});
