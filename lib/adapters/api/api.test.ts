import jsQR from "jsqr";
import { PNG } from "pngjs";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, mintBatches, starters } from "@/db/schema";
import { revokeApiToken } from "@/lib/domain/auth/tokens";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { getConfig } from "@/lib/platform/config";

const errorShape = (code: string) => ({
  error: expect.objectContaining({ code, message: expect.any(String) }),
});

describe.each(testDrivers())("organiser API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let eventId: string;
  const publicUrl = getConfig().PUBLIC_URL;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Spring Run 2027" } });
    eventId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => database?.close());

  const mint = (n: number | string, headers: Record<string, string> = {}, as = token, event = eventId) =>
    apiRequest("POST", `/api/events/${event}/actions/generate_starter_keys?count=${n}`, { token: as, headers });
  const starterCount = async () =>
    (
      (await database.db.select({ n: count() }).from(starters).where(eq(starters.eventId, eventId))) as [{ n: number }]
    )[0].n;

  describe("authentication", () => {
    it("inspect answers the token's organiser", async () => {
      const response = await apiRequest("GET", "/api/inspect", { token });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("rejects missing, malformed, unknown and revoked tokens with 401 in the error shape", async () => {
      const { organiser, token: doomed, tokenId } = await newOrganiser(database.db);
      expect((await apiRequest("GET", "/api/inspect", { token: doomed })).status).toBe(200);
      expect(await revokeApiToken(database.db, organiser.id, tokenId)).toBe(true);
      const attempts = [
        apiRequest("GET", "/api/inspect"),
        apiRequest("GET", "/api/inspect", { headers: { authorization: "Basic abc" } }),
        apiRequest("GET", "/api/inspect", { token: "rk_" + "x".repeat(43) }),
        apiRequest("GET", "/api/inspect", { token: "not-a-token" }),
        apiRequest("GET", "/api/inspect", { token: doomed }),
        apiRequest("GET", "/api/events", { token: doomed }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toContain("Bearer");
        expect(await response.json()).toEqual(errorShape("unauthorized"));
      }
    });

    it("stores tokens only as hashes and records when they were last used", async () => {
      const rows = (await database.db.execute(sql`select token_hash, hint, last_used_at from api_tokens`)) as unknown;
      const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
      expect(list.length).toBeGreaterThan(0);
      for (const row of list) {
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(String(row.hint)).toHaveLength(10);
      }
      expect(list.some((row) => row.last_used_at !== null)).toBe(true);
      expect(JSON.stringify(list)).not.toContain(token);
    });
  });

  describe("events", () => {
    it("creates an event with a fresh passcode and a slug from its name", async () => {
      const response = await apiRequest("POST", "/api/events", {
        token,
        json: { name: "Zoë's 10 km!", startsAt: "2027-05-01T08:00:00Z", endsAt: "2027-05-01T14:00:00+02:00" },
      });
      expect(response.status).toBe(201);
      const event = await response.json();
      expect(event).toEqual({
        id: expect.any(String),
        name: "Zoë's 10 km!",
        slug: "zoes-10-km",
        passcode: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/),
        startsAt: "2027-05-01T08:00:00.000Z",
        endsAt: "2027-05-01T12:00:00.000Z",
        accentColor: null,
        description: null,
        logo: null,
        createdAt: expect.any(String),
        archived: false,
        app: null,
      });
      const again = await (await apiRequest("POST", "/api/events", { token, json: { name: "Zoë's 10 km!" } })).json();
      expect(again.slug).toMatch(/^zoes-10-km-[0-9a-f]{6}$/);
    });

    it("lists, shows and edits only the organiser's own events", async () => {
      const mine = (await (await apiRequest("GET", "/api/events", { token })).json()) as Array<{ id: string }>;
      expect(mine.map((e) => e.id)).toContain(eventId);
      const theirs = (await (await apiRequest("GET", "/api/events", { token: otherToken })).json()) as unknown[];
      expect(theirs).toEqual([]);
      expect((await apiRequest("GET", `/api/events/${eventId}`, { token })).status).toBe(200);
      for (const response of [
        await apiRequest("GET", `/api/events/${eventId}`, { token: otherToken }),
        await apiRequest("PATCH", `/api/events/${eventId}`, { token: otherToken, json: { name: "Mine now" } }),
        await apiRequest("POST", `/api/events/${eventId}/actions/regenerate_passcode`, { token: otherToken }),
        await mint(1, {}, otherToken),
        await apiRequest("GET", `/api/events/${eventId}/starter_keys`, { token: otherToken }),
        await apiRequest("GET", `/api/events/${crypto.randomUUID()}`, { token }),
      ]) {
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual(errorShape("not_found"));
      }
    });

    it("patches fields, keeps the dates in order, and refuses a taken slug", async () => {
      const response = await apiRequest("PATCH", `/api/events/${eventId}`, {
        token,
        json: { name: "Spring Run", slug: "spring-run-2027", startsAt: "2027-04-01T07:00:00Z" },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ name: "Spring Run", slug: "spring-run-2027" });
      const before = await apiRequest("PATCH", `/api/events/${eventId}`, {
        token,
        json: { endsAt: "2027-03-01T00:00:00Z" },
      });
      expect(before.status).toBe(400);
      expect(await before.json()).toEqual(errorShape("invalid_request"));
      await apiRequest("POST", "/api/events", { token: otherToken, json: { name: "Other", slug: "taken-slug" } });
      const taken = await apiRequest("PATCH", `/api/events/${eventId}`, { token, json: { slug: "taken-slug" } });
      expect(taken.status).toBe(409);
      expect(await taken.json()).toEqual(errorShape("conflict"));
    });

    it("regenerates the passcode and keeps the old one reserved", async () => {
      const before = await (await apiRequest("GET", `/api/events/${eventId}`, { token })).json();
      const response = await apiRequest("POST", `/api/events/${eventId}/actions/regenerate_passcode`, { token });
      expect(response.status).toBe(200);
      const after = await response.json();
      expect(after.passcode).not.toBe(before.passcode);
      const [old] = await database.db.select().from(codes).where(eq(codes.code, before.passcode));
      expect(old?.kind).toBe("retired");
    });

    it("answers bad bodies with 400/415 and field details", async () => {
      const cases: Array<[Parameters<typeof apiRequest>[2], number, string]> = [
        [{ token, body: "{not json", headers: { "content-type": "application/json" } }, 400, "invalid_request"],
        [
          { token, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } },
          415,
          "unsupported_media_type",
        ],
        [{ token, json: {} }, 400, "invalid_request"],
        [{ token, json: { name: "" } }, 400, "invalid_request"],
        [{ token, json: { name: 42 } }, 400, "invalid_request"],
        [{ token, json: { name: "x", slug: "Not A Slug!" } }, 400, "invalid_request"],
        [{ token, json: { name: "x", startsAt: "tomorrow" } }, 400, "invalid_request"],
        [{ token, json: { name: "x", extra: true } }, 400, "invalid_request"],
        [{ token, json: [1, 2] }, 400, "invalid_request"],
        [{ token, json: { name: "x".repeat(2_000_000) } }, 413, "payload_too_large"],
      ];
      for (const [options, status, code] of cases) {
        const response = await apiRequest("POST", "/api/events", options);
        expect(response.status).toBe(status);
        expect(await response.json()).toEqual(errorShape(code));
      }
      const missingName = await (await apiRequest("POST", "/api/events", { token, json: {} })).json();
      expect(missingName.error.details).toEqual([{ path: "name", message: expect.any(String) }]);
    });

    it("answers unsupported methods with 405, Allow and the error shape", async () => {
      const response = await apiRequest("DELETE", "/api/events", { token });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, POST");
      expect(await response.json()).toEqual(errorShape("method_not_allowed"));
    });
  });

  describe("generate_starter_keys", () => {
    it("mints exactly N new keys and answers 201 with them", async () => {
      const before = await starterCount();
      const response = await mint(25);
      expect(response.status).toBe(201);
      const keys = (await response.json()) as Array<Record<string, unknown>>;
      expect(keys).toHaveLength(25);
      expect(new Set(keys.map((k) => k.key)).size).toBe(25);
      for (const key of keys) {
        expect(key).toEqual({
          id: expect.any(String),
          eventId,
          key: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/),
          keyUsed: false,
          startNumber: null,
          name: null,
          createdAt: expect.any(String),
          redeemedAt: null,
          link: `${publicUrl}/redeem_key?key=${key.key}`,
          qrCodeUrl: `${publicUrl}/api/starters/actions/generate_key_qrcode?key=${key.key}`,
        });
      }
      expect(await starterCount()).toBe(before + 25);
    });

    it("validates count: required integer from 1 to 100000", async () => {
      for (const bad of ["", "0", "-1", "100001", "1.5", "abc", "1e3", "99999999999"]) {
        const response = await mint(bad);
        expect(response.status).toBe(400);
        const body = await response.json();
        expect(body).toEqual(errorShape("invalid_request"));
        expect(body.error.message).toContain("count must be an integer from 1 to 100000");
      }
      const missing = await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys`, { token });
      expect(missing.status).toBe(400);
      expect((await mint(1)).status).toBe(201);
    });

    it("answers GET with 405 and Allow: POST", async () => {
      const response = await apiRequest("GET", `/api/events/${eventId}/actions/generate_starter_keys?count=1`, {
        token,
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toEqual(errorShape("method_not_allowed"));
    });

    it("replays a request with the same Idempotency-Key instead of minting again", async () => {
      const before = await starterCount();
      const first = await mint(7, { "Idempotency-Key": "order-4711" });
      const second = await mint(7, { "Idempotency-Key": "order-4711" });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      const firstKeys = ((await first.json()) as Array<{ key: string }>).map((k) => k.key);
      expect(((await second.json()) as Array<{ key: string }>).map((k) => k.key)).toEqual(firstKeys);
      expect(await starterCount()).toBe(before + 7);

      const different = await mint(8, { "Idempotency-Key": "order-4711" });
      expect(different.status).toBe(422);
      expect(await different.json()).toEqual(errorShape("unprocessable"));
      // Keys are per organiser: another organiser's same key is a new request.
      const { id: theirEvent } = await (
        await apiRequest("POST", "/api/events", { token: otherToken, json: { name: "Theirs" } })
      ).json();
      expect((await mint(7, { "Idempotency-Key": "order-4711" }, otherToken, theirEvent)).status).toBe(201);
      expect((await mint(1, { "Idempotency-Key": "bad key with spaces" })).status).toBe(400);
    });

    it("is all or nothing: a failure mid-way leaves no keys, codes or batch behind", async () => {
      const [codesBefore, startersBefore, batchesBefore] = await Promise.all([
        database.db.select({ n: count() }).from(codes),
        database.db.select({ n: count() }).from(starters),
        database.db.select({ n: count() }).from(mintBatches),
      ]);
      // A trigger that fails the starters insert after codes and batch were written in the same transaction.
      await database.db.execute(sql`create function fail_mint() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure mid-mint'; end $$`);
      await database.db.execute(
        sql`create trigger fail_mint after insert on starters for each statement execute function fail_mint()`,
      );
      try {
        const response = await mint(500);
        expect(response.status).toBe(500);
        expect(await response.json()).toEqual({
          error: { code: "internal_error", message: "something went wrong on our side" },
        });
      } finally {
        await database.db.execute(sql`drop trigger fail_mint on starters`);
        await database.db.execute(sql`drop function fail_mint`);
      }
      const [codesAfter, startersAfter, batchesAfter] = await Promise.all([
        database.db.select({ n: count() }).from(codes),
        database.db.select({ n: count() }).from(starters),
        database.db.select({ n: count() }).from(mintBatches),
      ]);
      expect(codesAfter).toEqual(codesBefore);
      expect(startersAfter).toEqual(startersBefore);
      expect(batchesAfter).toEqual(batchesBefore);
    });

    it("mints 20,000 keys in one request, all unique across keys and passcodes", async () => {
      const response = await mint(20_000);
      expect(response.status).toBe(201);
      expect(((await response.json()) as unknown[]).length).toBe(20_000);
      const [dupes] = (await database.db
        .select({ n: count() })
        .from(starters)
        .where(sql`${starters.key} in (select passcode from events)`)) as [{ n: number }];
      expect(dupes.n).toBe(0);
    });
  });

  describe("starter_keys", () => {
    let listEventId: string;
    beforeAll(async () => {
      listEventId = (await (await apiRequest("POST", "/api/events", { token, json: { name: "List Test" } })).json()).id;
      await mint(3, {}, token, listEventId);
      const [first, second] = await database.db
        .select()
        .from(starters)
        .where(eq(starters.eventId, listEventId))
        .orderBy(starters.seq);
      await database.db
        .update(starters)
        .set({ name: '=HYPERLINK("http://evil.test","click"); Zoë "Z"', startNumber: "02" })
        .where(eq(starters.id, first!.id));
      await database.db
        .update(starters)
        .set({ keyUsed: true, redeemedAt: new Date("2027-05-01T08:00:00Z") })
        .where(eq(starters.id, second!.id));
    });
    const list = (query: string, as = token) =>
      apiRequest("GET", `/api/events/${listEventId}/starter_keys${query}`, { token: as });

    it("lists JSON by default in creation order", async () => {
      const response = await list("");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      const keys = await response.json();
      expect(keys).toHaveLength(3);
      expect(keys[0]).toMatchObject({ startNumber: "02", name: '=HYPERLINK("http://evil.test","click"); Zoë "Z"' });
      expect(keys[1]).toMatchObject({ keyUsed: true, redeemedAt: "2027-05-01T08:00:00.000Z" });
    });

    it("filters used and unused keys", async () => {
      expect(await (await list("?used=true")).json()).toHaveLength(1);
      expect(await (await list("?format=json&used=false")).json()).toHaveLength(2);
    });

    it("exports RFC 4180 CSV with neutralised formulas, key first, comma or semicolon (for Excel with a BOM)", async () => {
      const response = await list("?format=csv");
      expect(response.headers.get("content-type")).toContain("text/csv");
      expect(response.headers.get("content-disposition")).toContain(".csv");
      const text = await response.text();
      const lines = text.split("\r\n");
      expect(lines[0]).toBe("key,starter_id,link,qrCodeUrl,startNumber,name,keyUsed,redeemedAt,createdAt");
      expect(lines).toHaveLength(5); // header, 3 rows, trailing empty
      expect(lines[1]).toContain(`,02,"'=HYPERLINK(""http://evil.test"",""click""); Zoë ""Z""",false,,`);
      expect(text.startsWith("key,")).toBe(true); // no byte order mark in the comma file, read by programs
      const bytes = new Uint8Array(await (await list("?format=csv&delimiter=semicolon&used=true")).arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const semicolon = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).split("\r\n");
      expect(semicolon[0]).toBe("\uFEFFkey;starter_id;link;qrCodeUrl;startNumber;name;keyUsed;redeemedAt;createdAt");
      // Times in the configured zone (TIME_ZONE, UTC here) with their offset.
      expect(semicolon[1]).toMatch(
        /^[0-9A-Z]{6};.*;true;2027-05-01T08:00:00\+00:00;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
      );
    });

    it("rejects unknown formats and filters with 400", async () => {
      for (const query of ["?format=xml", "?used=yes", "?delimiter=tab"]) {
        const response = await list(query);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual(errorShape("invalid_request"));
      }
    });

    it("streams a large export page by page, in full", async () => {
      const text = await (await apiRequest("GET", `/api/events/${eventId}/starter_keys?format=csv`, { token })).text();
      const rows = text.trimEnd().split("\r\n").length - 1;
      expect(rows).toBe(await starterCount());
      expect(rows).toBeGreaterThan(20_000);
      const json = (await (
        await apiRequest("GET", `/api/events/${eventId}/starter_keys`, { token })
      ).json()) as unknown[];
      expect(json).toHaveLength(rows);
    });
  });

  describe("generate_key_qrcode", () => {
    const qr = (query: string, headers: Record<string, string> = {}) =>
      apiRequest("GET", `/api/starters/actions/generate_key_qrcode${query}`, { headers });

    it("returns a PNG that decodes to the normalised key link with startNumber and name", async () => {
      const response = await qr("?key=%206g615l%20&startNumber=1&name=Zo%C3%AB%20O'Brien&size=240");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
      expect(png.width).toBe(240);
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(`${publicUrl}/redeem_key?key=6G615L&startNumber=1&name=Zo%C3%AB%20O%27Brien`);
    });

    it("returns well-formed SVG for format=svg", async () => {
      const response = await qr("?key=K84N2S&format=svg&size=128");
      expect(response.headers.get("content-type")).toBe("image/svg+xml");
      const svg = await response.text();
      expect(svg).toMatch(
        /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="128" height="128" viewBox="0 0 \d+ \d+"/,
      );
      expect(svg).toMatch(/<\/svg>$/);
    });

    it("does not look keys up: unknown well-formed keys get an image, malformed ones a 400", async () => {
      expect((await qr("?key=ZZZZZZ")).status).toBe(200);
      for (const query of [
        "",
        "?key=abc",
        "?key=ABCDEFG",
        "?key=%3Cscript%3E",
        "?key=K84N2S&size=20",
        "?key=K84N2S&size=5000",
        "?key=K84N2S&format=gif",
        "?key=K84N2S&size=abc",
      ]) {
        const response = await qr(query);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual(errorShape("invalid_request"));
      }
    });

    it("takes ecc, margin and colours (with or without an encoded #) and the image decodes to the same link", async () => {
      const link = `${publicUrl}/redeem_key?key=K84N2S&startNumber=7`;
      const plain = await qr("?key=K84N2S&startNumber=7&size=400");
      for (const query of [
        "&ecc=H&margin=2&dark=%231a237e&light=%23fff8e1",
        "&ecc=L&margin=16&dark=1a237e&light=FFF",
        "&ecc=Q&dark=%23767676",
      ]) {
        const response = await qr(`?key=K84N2S&startNumber=7&size=400${query}`);
        expect(response.status, query).toBe(200);
        expect(response.headers.get("etag"), query).not.toBe(plain.headers.get("etag"));
        const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
        expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, query).toBe(link);
      }
      const svg = await (await qr("?key=K84N2S&format=svg&dark=%23123&light=eeeeee&margin=6")).text();
      expect(svg).toContain('fill="#eee"'); // the short form where there is one
      expect(svg).toContain('stroke="#123"');
    });

    it("refuses bad options with a 400 that names the parameter", async () => {
      for (const [query, parameter] of [
        ["&ecc=X", "ecc"],
        ["&ecc=m", "ecc"],
        ["&margin=1", "margin"],
        ["&margin=17", "margin"],
        ["&margin=2.5", "margin"],
        ["&dark=red", "dark"],
        ["&light=%23ggg", "light"],
        ["&dark=%23ffffff&light=%23000000", "dark"], // inverted
        ["&dark=%23777777", "dark"], // 4.48:1 on white
        ["&light=%23333333", "light"], // black on dark grey
        ["&dark=%23aaaaaa&light=%23bbbbbb", "dark"],
      ] as const) {
        const response = await qr(`?key=K84N2S${query}`);
        expect(response.status, query).toBe(400);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body).toEqual(errorShape("invalid_request"));
        expect(body.error.message.startsWith(`${parameter}: `), `${query}: ${body.error.message}`).toBe(true);
      }
    });

    it("is cacheable forever and answers 304 to a matching If-None-Match", async () => {
      const first = await qr("?key=K84N2S");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const again = await qr("?key=k84n2s");
      expect(again.headers.get("etag")).toBe(etag);
      expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
      const notModified = await qr("?key=K84N2S", { "if-none-match": etag });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe("");
      expect((await qr("?key=K84N2S&format=svg", { "if-none-match": etag })).status).toBe(200);
    });
  });
});
