import { count, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, eventLogos, keyBindings, landingVisitCounts, mintBatches, starters } from "@/db/schema";
import { mintStarterKeys, reserveCodes } from "@/lib/domain/keys/mint";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { processLogo, setEventLogo } from "./logo";

const RESOLVE = "/api/starters/actions/resolve_key";
const REDEEM = "/api/starters/actions/redeem_key";
let addresses = 0;
const client = () => ({ [SOCKET_ADDRESS_HEADER]: `203.0.113.${++addresses}` });
const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

interface EventBody {
  id: string;
  slug: string;
  passcode: string;
  archived: boolean;
}

describe.each(testDrivers())("archiving and deleting events through the API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let organiserId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({
      token,
      organiser: { id: organiserId },
    } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
  });
  afterAll(async () => database?.close());

  /** A new event of the organiser with two keys, one of them redeemed (a binding), a visit and a logo. */
  async function fullEvent(name: string) {
    const event = (await (await apiRequest("POST", "/api/events", { token, json: { name } })).json()) as EventBody;
    const { starters: minted } = await mintStarterKeys(database.db, { organiserId, eventId: event.id, count: 2 });
    const keys = minted.map((s) => s.key!);
    const redeemed = await apiRequest("POST", REDEEM, {
      json: { key: keys[0], deviceId: "phone-1" },
      headers: client(),
    });
    expect(redeemed.status).toBe(200);
    const joined = await apiRequest("POST", REDEEM, {
      json: { key: event.passcode, deviceId: "phone-2" },
      headers: client(),
    });
    expect(joined.status).toBe(200);
    await database.db
      .insert(landingVisitCounts)
      .values({ eventId: event.id, code: keys[1], platform: "ios", inApp: false, hour: new Date(), count: 3 });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#0b63ce" } })
      .png()
      .toBuffer();
    await setEventLogo(database.db, { id: event.id }, await processLogo(png));
    return { event, keys };
  }

  /** Rows that belong to the event, table by table. */
  async function rowsOf(eventId: string) {
    const n = async (query: Promise<Array<{ n: number }>>) => (await query)[0]!.n;
    const starterIds = (
      await database.db.select({ id: starters.id }).from(starters).where(eq(starters.eventId, eventId))
    ).map((s) => s.id);
    return {
      starters: starterIds.length,
      bindings: starterIds.length
        ? await n(
            database.db.select({ n: count() }).from(keyBindings).where(inArray(keyBindings.starterId, starterIds)),
          )
        : 0,
      batches: await n(database.db.select({ n: count() }).from(mintBatches).where(eq(mintBatches.eventId, eventId))),
      visits: await n(
        database.db.select({ n: count() }).from(landingVisitCounts).where(eq(landingVisitCounts.eventId, eventId)),
      ),
      logos: await n(database.db.select({ n: count() }).from(eventLogos).where(eq(eventLogos.eventId, eventId))),
    };
  }

  const del = (id: string, confirm: string | undefined, as = token) =>
    apiRequest("DELETE", `/api/events/${id}${confirm === undefined ? "" : `?confirm=${encodeURIComponent(confirm)}`}`, {
      token: as,
    });

  it("refuses a delete without the event's slug (400 in the one error shape) and keeps everything", async () => {
    const { event } = await fullEvent("Stadtlauf Münster");
    expect(event.slug).toBe("stadtlauf-muenster");
    const before = await rowsOf(event.id);
    expect(before).toEqual({ starters: 3, bindings: 1, batches: 1, visits: 1, logos: 1 });
    for (const confirm of [undefined, "", "stadtlauf-munster", event.id]) {
      const response = await del(event.id, confirm);
      expect(response.status, `confirm=${confirm}`).toBe(400);
      expect(await response.json()).toEqual(errorShape("invalid_request"));
    }
    expect(await rowsOf(event.id)).toEqual(before);
    expect((await apiRequest("GET", `/api/events/${event.id}`, { token })).status).toBe(200);
  });

  it("answers 404 for another organiser's event, even with the right slug, and for unknown ids (400 for malformed ones)", async () => {
    const { event } = await fullEvent("Other Organisers Run");
    const response = await del(event.id, event.slug, otherToken);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(errorShape("not_found"));
    expect((await del(crypto.randomUUID(), "x")).status).toBe(404);
    expect((await del("not-an-id", "x")).status).toBe(400);
    expect((await rowsOf(event.id)).starters).toBe(3);
  });

  it("deletes the event with its starters, bindings, batches, visits and logo; its codes resolve to nothing", async () => {
    const { event, keys } = await fullEvent("Doomed Dash");
    const response = await del(event.id, event.slug);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await rowsOf(event.id)).toEqual({ starters: 0, bindings: 0, batches: 0, visits: 0, logos: 0 });
    expect((await apiRequest("GET", `/api/events/${event.id}`, { token })).status).toBe(404);
    expect((await del(event.id, event.slug)).status).toBe(404);

    // Every code stays reserved, retired: the key link and the app find nothing.
    const kept = await database.db.select().from(codes).where(eq(codes.eventId, event.id));
    expect(kept.map((c) => c.code).sort()).toEqual([...keys, event.passcode].sort());
    expect(new Set(kept.map((c) => c.kind))).toEqual(new Set(["retired"]));
    for (const code of [...keys, event.passcode]) {
      expect((await apiRequest("GET", `${RESOLVE}?key=${code}`, { headers: client() })).status).toBe(404);
      const redeem = await apiRequest("POST", REDEEM, { json: { key: code, deviceId: "phone-9" }, headers: client() });
      expect(redeem.status).toBe(404);
      const page = await apiRequest("GET", `/redeem_key?key=${code}`, { headers: client() });
      expect(page.status).toBe(404);
    }

    // Minting in another event never hands them out again, even when the draw offers exactly them.
    const other = (await (
      await apiRequest("POST", "/api/events", { token, json: { name: "Next Run" } })
    ).json()) as EventBody;
    let offered = false;
    const reserved = await database.db.transaction((tx) =>
      reserveCodes(tx, other.id, 3, (n) => {
        if (offered) return Array.from({ length: n }, (_, i) => `Z${String(i).padStart(5, "0")}`);
        offered = true;
        return [...keys, event.passcode].slice(0, n);
      }),
    );
    expect(reserved).toEqual(["Z00000", "Z00001", "Z00002"]);

    // A mint that passed the access check just before the delete finds no event, and writes nothing.
    await expect(mintStarterKeys(database.db, { organiserId, eventId: event.id, count: 2 })).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await rowsOf(event.id)).toEqual({ starters: 0, bindings: 0, batches: 0, visits: 0, logos: 0 });
    expect(reserved.some((code) => [...keys, event.passcode].includes(code))).toBe(false);
  });

  it("archives and unarchives through PATCH: left out of the list, its key and passcode still work", async () => {
    const { event, keys } = await fullEvent("Archived Trail");
    const archived = await apiRequest("PATCH", `/api/events/${event.id}`, { token, json: { archived: true } });
    expect(archived.status).toBe(200);
    expect(((await archived.json()) as EventBody).archived).toBe(true);

    const ids = async (query = "") =>
      ((await (await apiRequest("GET", `/api/events${query}`, { token })).json()) as EventBody[]).map((e) => e.id);
    expect(await ids()).not.toContain(event.id);
    expect(await ids("?archived=true")).toEqual([event.id]);
    expect((await apiRequest("GET", "/api/events?archived=maybe", { token })).status).toBe(400);
    expect((await apiRequest("GET", `/api/events/${event.id}`, { token })).status).toBe(200);

    expect((await apiRequest("GET", `${RESOLVE}?key=${keys[1]}`, { headers: client() })).status).toBe(200);
    const redeem = await apiRequest("POST", REDEEM, { json: { key: keys[1], deviceId: "phone-3" }, headers: client() });
    expect(redeem.status).toBe(200);
    expect((await apiRequest("GET", `/redeem_key?key=${keys[1]}`, { headers: client() })).status).toBe(200);

    // Another organiser cannot archive it; archiving twice is fine.
    expect(
      (await apiRequest("PATCH", `/api/events/${event.id}`, { token: otherToken, json: { archived: false } })).status,
    ).toBe(404);
    const unarchived = await apiRequest("PATCH", `/api/events/${event.id}`, { token, json: { archived: false } });
    expect(((await unarchived.json()) as EventBody).archived).toBe(false);
    expect(await ids()).toContain(event.id);
    expect(await ids("?archived=true")).toEqual([]);
  });
});
