import { and, count, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

interface Starter {
  id: string;
  importId: string | null;
  key: string | null;
  keyUsed: boolean;
  startNumber: string | null;
  name: string | null;
  link: string | null;
  qrCodeUrl: string | null;
  redeemedAt: string | null;
  updatedAt: string;
}
interface Page {
  starters: Starter[];
  nextCursor: string | null;
}

const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe.each(testDrivers())("participants (starters) API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  const publicUrl = getConfig().PUBLIC_URL;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
  });
  afterAll(async () => database?.close());

  const newEvent = async (name = "Starter Run") =>
    (await (await apiRequest("POST", "/api/events", { token, json: { name } })).json()) as {
      id: string;
      passcode: string;
    };
  const mint = async (eventId: string, n: number) =>
    (await (
      await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=${n}`, { token })
    ).json()) as Array<{ id: string; key: string }>;
  const checkout = (eventId: string, json: unknown, as = token) =>
    apiRequest("POST", `/api/events/${eventId}/starters`, { token: as, json });
  const list = async (eventId: string, query = "") => {
    const response = await apiRequest("GET", `/api/events/${eventId}/starters${query}`, { token });
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };
  const put = (eventId: string, body: unknown, { dryRun = false, csv = false } = {}) =>
    apiRequest("PUT", `/api/events/${eventId}/starters${dryRun ? "?dryRun=true" : ""}`, {
      token,
      body: csv ? String(body) : JSON.stringify(body),
      headers: { "content-type": csv ? "text/csv" : "application/json" },
    });
  const redeem = (key: string, deviceId: string) =>
    apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key, deviceId },
      headers: { [SOCKET_ADDRESS_HEADER]: "192.0.2.10" },
    });
  const savedOf = async (eventId: string) =>
    database.db
      .select({
        importId: starters.importId,
        name: starters.name,
        startNumber: starters.startNumber,
        key: starters.key,
      })
      .from(starters)
      .where(eq(starters.eventId, eventId))
      .orderBy(starters.seq);

  describe("key at checkout", () => {
    it("creates the starter with an unused minted key, answers the same starter again, mints when none is left", async () => {
      const event = await newEvent();
      const [first, second] = await mint(event.id, 2);
      const created = await checkout(event.id, { importId: "order-1", name: "Zoë", startNumber: "02" });
      expect(created.status).toBe(201);
      const starter = (await created.json()) as Starter;
      expect(starter).toEqual({
        id: first!.id,
        importId: "order-1",
        key: first!.key,
        keyUsed: false,
        startNumber: "02",
        name: "Zoë",
        link: `${publicUrl}/redeem_key?key=${first!.key}`,
        qrCodeUrl: `${publicUrl}/api/starters/actions/generate_key_qrcode?key=${first!.key}`,
        redeemedAt: null,
        updatedAt: expect.any(String),
      });
      const again = await checkout(event.id, { importId: "order-1", name: "Someone else" });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(starter);

      expect(((await (await checkout(event.id, { importId: "order-2" })).json()) as Starter).key).toBe(second!.key);
      const minted = await checkout(event.id, { importId: "order-3" });
      expect(minted.status).toBe(201);
      const third = (await minted.json()) as Starter;
      expect([first!.key, second!.key]).not.toContain(third.key);
      expect(third.key).toMatch(/^[0-9A-Z]{6}$/);
      expect(await savedOf(event.id)).toHaveLength(3);
    });

    it("refuses a taken start number (409), bad bodies (400) and other organisers' events (404)", async () => {
      const event = await newEvent();
      expect((await checkout(event.id, { importId: "a", startNumber: "7" })).status).toBe(201);
      const taken = await checkout(event.id, { importId: "b", startNumber: "7" });
      expect(taken.status).toBe(409);
      expect(await taken.json()).toEqual(errorShape("conflict"));
      for (const body of [
        {},
        { importId: "" },
        { importId: "x\u0000" },
        { importId: "x", extra: 1 },
        { importId: 5 },
      ]) {
        const response = await checkout(event.id, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(await response.json()).toEqual(errorShape("invalid_request"));
      }
      expect((await checkout(event.id, { importId: "c" }, otherToken)).status).toBe(404);
      expect(await savedOf(event.id)).toHaveLength(1);
    });

    it("50 buyers checking out at once, each retrying 5 times: 50 starters, 50 distinct keys", async () => {
      const event = await newEvent("Checkout Race");
      await mint(event.id, 20); // some buyers take minted keys, the others get new ones
      const requests = Array.from({ length: 250 }, (_, i) => i % 50).map((buyer) =>
        checkout(event.id, { importId: `buyer-${buyer}`, name: `Buyer ${buyer}` }),
      );
      const responses = await Promise.all(requests);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(50);
      expect(statuses.filter((s) => s === 200)).toHaveLength(200);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as Starter[];
      const keyOf = new Map<string, string>();
      for (const body of bodies) {
        expect(keyOf.get(body.importId!) ?? body.key).toBe(body.key);
        keyOf.set(body.importId!, body.key!);
      }
      expect(keyOf.size).toBe(50);
      expect(new Set(keyOf.values()).size).toBe(50);
      const saved = await database.db
        .select({ n: count() })
        .from(starters)
        .where(and(eq(starters.eventId, event.id), isNotNull(starters.importId)));
      expect(saved[0]!.n).toBe(50);
    });
  });

  describe("listing", () => {
    it("pages by cursor, filters, and shows only the documented fields", async () => {
      const event = await newEvent();
      const keys = await mint(event.id, 5);
      await checkout(event.id, { importId: "r1", name: "Ann", startNumber: "1" });
      await checkout(event.id, { importId: "r2", name: "Ben", startNumber: "2" });
      expect((await redeem(keys[0]!.key, "phone-1")).status).toBe(200);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list(event.id, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.starters.map((s) => s.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(keys.map((k) => k.id));

      const [ann] = (await list(event.id, "?importId=r1")).starters;
      expect(Object.keys(ann!).sort()).toEqual(
        [
          "id",
          "importId",
          "key",
          "keyUsed",
          "startNumber",
          "name",
          "link",
          "qrCodeUrl",
          "redeemedAt",
          "updatedAt",
        ].sort(),
      );
      expect(ann).toMatchObject({ id: keys[0]!.id, name: "Ann", keyUsed: true, redeemedAt: expect.any(String) });
      expect((await list(event.id, "?startNumber=2")).starters.map((s) => s.name)).toEqual(["Ben"]);
      expect((await list(event.id, "?keyUsed=true")).starters.map((s) => s.id)).toEqual([keys[0]!.id]);
      expect((await list(event.id, "?keyUsed=false")).starters).toHaveLength(4);

      const since = new Date(Date.now() + 1000).toISOString();
      expect((await list(event.id, `?updatedSince=${since}`)).starters).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await apiRequest("PATCH", `/api/starters/${keys[4]!.id}`, { token, json: { name: "Late" } });
      expect((await list(event.id, `?updatedSince=${encodeURIComponent(since)}`)).starters.map((s) => s.name)).toEqual([
        "Late",
      ]);
    });

    it("streams every matching starter as CSV", async () => {
      const event = await newEvent();
      await mint(event.id, 3);
      await checkout(event.id, { importId: "r1", name: "=HYPERLINK(1)", startNumber: "01" });
      const response = await apiRequest("GET", `/api/events/${event.id}/starters?format=csv`, { token });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      const lines = (await response.text()).trim().split("\r\n");
      expect(lines[0]).toBe("id,importId,key,keyUsed,startNumber,name,link,qrCodeUrl,redeemedAt,updatedAt");
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(",r1,");
      expect(lines[1]).toContain(",01,'=HYPERLINK(1),");
      const filtered = await apiRequest("GET", `/api/events/${event.id}/starters?format=csv&importId=r1`, { token });
      expect((await filtered.text()).trim().split("\r\n")).toHaveLength(2);
    });

    it("refuses bad queries with 400 and other organisers' events with 404", async () => {
      const event = await newEvent();
      for (const query of [
        "?format=xml",
        "?limit=0",
        "?limit=1001",
        "?cursor=nope",
        "?keyUsed=yes",
        "?updatedSince=May",
        "?importId=a%00b",
        "?updatedSince=0000-01-01T00:00:00Z",
      ]) {
        const response = await apiRequest("GET", `/api/events/${event.id}/starters${query}`, { token });
        expect(response.status, query).toBe(400);
        expect(await response.json()).toEqual(errorShape("invalid_request"));
      }
      const theirs = await apiRequest("GET", `/api/events/${event.id}/starters`, { token: otherToken });
      expect(theirs.status).toBe(404);
    });
  });

  describe("bulk upsert", () => {
    it("a dry run answers the plan and writes nothing; the real run writes the same", async () => {
      const event = await newEvent();
      const keys = await mint(event.id, 3);
      const rows = [
        { importId: "r1", name: "Ann", startNumber: "1" },
        { importId: "r2", name: "Ben" },
      ];
      const dry = await put(event.id, rows, { dryRun: true });
      expect(dry.status).toBe(200);
      const plan = await dry.json();
      expect(plan).toMatchObject({
        dryRun: true,
        applied: false,
        counts: { created: 2, updated: 0, unchanged: 0, missing: 0 },
        created: [
          { line: 0, starterId: keys[0]!.id, key: keys[0]!.key, importId: "r1", name: "Ann", startNumber: "1" },
          { line: 1, starterId: keys[1]!.id, key: keys[1]!.key, importId: "r2", name: "Ben", startNumber: null },
        ],
      });
      expect((await savedOf(event.id)).every((s) => s.name === null)).toBe(true);

      const real = await put(event.id, rows);
      expect(real.status).toBe(200);
      expect(await real.json()).toEqual({ ...plan, dryRun: false, applied: true });
      expect((await savedOf(event.id)).map((s) => s.name)).toEqual(["Ann", "Ben", null]);

      // Matched by importId: a renamed participant is an update, the same list again changes nothing.
      const renamed = await (await put(event.id, [{ importId: "r2", name: "Benjamin" }])).json();
      expect(renamed).toMatchObject({
        counts: { created: 0, updated: 1, missing: 1 },
        updated: [{ changes: [{ field: "name", from: "Ben", to: "Benjamin" }] }],
      });
      expect((await (await put(event.id, [{ importId: "r2", name: "Benjamin" }])).json()).counts.unchanged).toBe(1);
    });

    it("takes a CSV list with the dashboard's columns", async () => {
      const event = await newEvent();
      const keys = await mint(event.id, 2);
      const csv = `ID;Vorname;Nachname;Startnummer\nA-1;Zoë;Ng;01\nA-2;Max;Roe;02\n`;
      const response = await put(event.id, csv, { csv: true });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ counts: { created: 2 } });
      expect(await savedOf(event.id)).toEqual([
        { importId: "A-1", name: "Zoë Ng", startNumber: "01", key: keys[0]!.key },
        { importId: "A-2", name: "Max Roe", startNumber: "02", key: keys[1]!.key },
      ]);
    });

    it("any row problem refuses the whole list (422, every problem listed), dry run or not", async () => {
      const event = await newEvent();
      const keys = await mint(event.id, 3);
      await put(event.id, [{ importId: "r1", name: "Ann" }]);
      const before = await savedOf(event.id);
      const rows = [
        { importId: "r2", name: "Ben" },
        { importId: "r3", name: "Cy", key: keys[0]!.key }, // Ann's key: an error, not a silent move
        { importId: "r4", name: "" },
        { importId: "r5", name: "Dee", startNumber: "9" },
        { importId: "r6", name: "Eve", startNumber: "9" },
      ];
      for (const dryRun of [true, false]) {
        const response = await put(event.id, rows, { dryRun });
        expect(response.status).toBe(422);
        const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
        expect(body.error.code).toBe("unprocessable");
        expect(body.error.details.map((d) => d.path)).toEqual(
          expect.arrayContaining(["1.importId", "2.name", "4.startNumber"]),
        );
        expect(await savedOf(event.id)).toEqual(before);
      }
      const tooMany = await put(
        event.id,
        [1, 2, 3, 4].map((i) => ({ importId: `n${i}`, name: `N${i}` })),
      );
      expect(tooMany.status).toBe(422);
      expect(await savedOf(event.id)).toEqual(before);
    });

    it("refuses bodies that are not rows: 400, 415, 413", async () => {
      const event = await newEvent();
      const bad = await apiRequest("PUT", `/api/events/${event.id}/starters`, {
        token,
        body: "[{",
        headers: { "content-type": "application/json" },
      });
      expect(bad.status).toBe(400);
      expect((await put(event.id, { importId: "x" })).status).toBe(400);
      expect((await put(event.id, [{ name: 5 }])).status).toBe(400);
      expect((await put(event.id, [])).status).toBe(400);
      expect((await put(event.id, [{ importId: "x" }])).status).toBe(400);
      expect((await put(event.id, [{ name: "x", age: 5 }])).status).toBe(400);
      const xml = await apiRequest("PUT", `/api/events/${event.id}/starters`, {
        token,
        body: "<x/>",
        headers: { "content-type": "application/xml" },
      });
      expect(xml.status).toBe(415);
      const huge = await apiRequest("PUT", `/api/events/${event.id}/starters`, {
        token,
        body: new Uint8Array(33 * 1024 ** 2),
        headers: { "content-type": "text/csv" },
      });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toEqual(errorShape("payload_too_large"));
    });
  });

  describe("PATCH a starter", () => {
    it("changes name, startNumber and importId; conflicts are 409; others' starters 404", async () => {
      const event = await newEvent();
      await mint(event.id, 2);
      const ann = (await (
        await checkout(event.id, { importId: "r1", name: "Ann", startNumber: "1" })
      ).json()) as Starter;
      await checkout(event.id, { importId: "r2", name: "Ben", startNumber: "2" });
      const patch = (json: unknown, id = ann.id, as = token) =>
        apiRequest("PATCH", `/api/starters/${id}`, { token: as, json });

      const changed = await patch({ name: "Anne", startNumber: "10", importId: "r1b" });
      expect(changed.status).toBe(200);
      expect(await changed.json()).toMatchObject({
        id: ann.id,
        key: ann.key,
        name: "Anne",
        startNumber: "10",
        importId: "r1b",
      });
      expect((await (await patch({ startNumber: null })).json()).startNumber).toBeNull();
      for (const json of [{ startNumber: "2" }, { importId: "r2" }]) {
        const response = await patch(json);
        expect(response.status, JSON.stringify(json)).toBe(409);
        expect(await response.json()).toEqual(errorShape("conflict"));
      }
      expect((await patch({})).status).toBe(400);
      expect((await patch({ key: "ABCDEF" })).status).toBe(400);
      expect((await patch({ name: "x" }, ann.id, otherToken)).status).toBe(404);
      expect((await patch({ name: "x" }, crypto.randomUUID())).status).toBe(404);
      expect((await list(event.id, "?importId=r1b")).starters[0]).toMatchObject({ name: "Anne", startNumber: null });
    });
  });

  describe("usage report", () => {
    it("counts keys minted, keys used (once per key) and passcode phones, per day and in total", async () => {
      const event = await newEvent();
      const keys = await mint(event.id, 3);
      await checkout(event.id, { importId: "r1" });
      await checkout(event.id, { importId: "r2" });
      await checkout(event.id, { importId: "r3" });
      await checkout(event.id, { importId: "r4" }); // none left: minted
      expect((await redeem(keys[0]!.key, "phone-1")).status).toBe(200);
      expect((await redeem(keys[1]!.key, "phone-2")).status).toBe(200);
      await apiRequest("POST", `/api/starters/${keys[1]!.id}/actions/release_key`, { token });
      expect((await redeem(keys[1]!.key, "phone-3")).status).toBe(200);
      expect((await redeem(event.passcode, "phone-4")).status).toBe(200);
      expect((await redeem(event.passcode, "phone-5")).status).toBe(200);

      const response = await apiRequest("GET", `/api/events/${event.id}/usage`, { token });
      expect(response.status).toBe(200);
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: getConfig().TIME_ZONE }).format(new Date());
      const total = { keysMinted: 4, keysUsed: 2, passcodeDevices: 2 };
      expect(await response.json()).toEqual({
        timeZone: getConfig().TIME_ZONE,
        total,
        days: [{ date: today, ...total }],
      });

      const csv = await apiRequest("GET", `/api/events/${event.id}/usage?format=csv`, { token });
      expect(csv.headers.get("content-type")).toContain("text/csv");
      expect(await csv.text()).toBe(`date,keysMinted,keysUsed,passcodeDevices\r\n${today},4,2,2\r\ntotal,4,2,2\r\n`);
      expect((await apiRequest("GET", `/api/events/${event.id}/usage`, { token: otherToken })).status).toBe(404);
      expect((await apiRequest("GET", `/api/events/${event.id}/usage?format=pdf`, { token })).status).toBe(400);
    });
  });
});
