import { gzipSync } from "node:zlib";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { codes, events, keyBindings, landingVisitCounts, organisers, starters } from "@/db/schema";
import { GET, HEAD } from "@/app/redeem_key/route";
import { getConfig } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { seedDemo } from "@/db/seed/demo";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { createKeyLookupLimits } from "@/lib/domain/lookups/key-lookups";
import { landingResponse, type LandingDependencies } from "./handler";
import { landingVisits as processVisits } from "./serve";
import { createVisitRecorder, type Visit } from "./visits";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const ANDROID =
  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const INSTAGRAM_ANDROID =
  "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 Instagram 325.0.0.35.91 Android (33/13; 450dpi; 1080x2177; samsung; SM-A536B; a53x; s5e8825; de_DE; 587125672)";
const DESKTOP =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
const WHATSAPP = "WhatsApp/2.23.20.0 A";

const request = (query: string, userAgent = DESKTOP, method = "GET", headers: Record<string, string> = {}) =>
  new Request(`http://racekeys.test/redeem_key${query}`, { method, headers: { "user-agent": userAgent, ...headers } });

describe.each(testDrivers())("landing page on %s", (driver) => {
  let database: TestDatabase;
  let eventId: string;
  let recorded: Visit[];
  let deps: LandingDependencies;
  const respond = (req: Request, more: Partial<LandingDependencies> = {}) => landingResponse(req, { ...deps, ...more });

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    await seedDemo(database.db);
    [{ id: eventId }] = (await database.db.select({ id: events.id }).from(events)) as [{ id: string }];
    deps = {
      config: getConfig(),
      database: async () => database.db,
      recordVisit: (visit) => recorded.push(visit),
    };
  });
  afterAll(async () => {
    await processVisits.flush();
    await database?.close();
  });

  it("shows the event of a key, found case-insensitively, with the security headers", async () => {
    recorded = [];
    const response = await respond(request("?key=k84n2s&startNumber=1&name=Peter"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Easy QR Code Run</h1>");
    expect(html).toContain('<p class="code">K84N2S</p>');
    expect(html).toContain("<dd>Peter</dd>");
    const headers = Object.fromEntries(response.headers);
    expect(headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
    expect(headers["strict-transport-security"]).toBeUndefined(); // PUBLIC_URL is http here
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=-]+)'/.exec(headers["content-security-policy"]!)![1];
    expect(headers["content-security-policy"]).toContain("default-src 'none'");
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    const other = await respond(request("?key=k84n2s"));
    expect(other.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("asks browsers for https only (HSTS) when the public origin is https", async () => {
    const https = await respond(request("?key=k84n2s"), {
      config: { ...getConfig(), PUBLIC_URL: "https://keys.example.com" },
    });
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("names an event passcode as such", async () => {
    const html = await (await respond(request("?key=6g615l"))).text();
    expect(html).toContain("Event passcode");
    expect(html).toContain('<p class="code">6G615L</p>');
  });

  it("reads a key with spaces and dashes in it, from the link and the form alike", async () => {
    for (const typed of ["6G6%2015L", "6G6-15L", "6g6+-+15l"]) {
      const response = await respond(request(`?key=${typed}`));
      expect(response.status, typed).toBe(200);
      expect(await response.text()).toContain('<p class="code">6G615L</p>');
    }
  });

  it("shows the starter the organiser saved; the link's values only fill what is empty, as redeeming does", async () => {
    const shown = async (query: string) => {
      const html = await (await respond(request(query, IPHONE))).text();
      return [...html.matchAll(/<dd>([^<]*)<\/dd>/g)].map((match) => match[1]);
    };
    // K84N2S: the demo organiser saved start number 1 and name Peter; 3Z2GPX has nothing saved.
    expect(await shown("?key=K84N2S")).toEqual(["1", "Peter"]);
    expect(await shown("?key=K84N2S&name=Somebody%20Else&startNumber=7")).toEqual(["1", "Peter"]);
    expect(await shown("?key=3Z2GPX&name=Somebody%20Else&startNumber=7")).toEqual(["7", "Somebody Else"]);
    expect(await shown("?key=6G615L&startNumber=7")).toEqual(["7"]);
  });

  it("marks the event's state from its dates; past the redeem grace period a 410 page says it ended", async () => {
    const [{ id: organiserId }] = (await database.db.select({ id: organisers.id }).from(organisers)) as [
      { id: string },
    ];
    const day = 86_400_000;
    const graceDays = getConfig().REDEEM_GRACE_DAYS;
    const eventOf = (name: string, startsAt: number, endsAt: number) =>
      createEvent(database.db, organiserId, { name, startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
    const upcoming = await eventOf("Spring Run", Date.now() + day, Date.now() + 2 * day);
    const grace = await eventOf("Last Week's Run", Date.now() - 8 * day, Date.now() - 7 * day);
    const ended = await eventOf("Winter Run", Date.parse("2025-03-02T08:00:00Z"), Date.parse("2025-03-02T12:00:00Z"));
    expect(graceDays).toBeGreaterThan(7);

    expect(await (await respond(request(`?key=${upcoming.passcode}`))).text()).toContain('data-event-state="upcoming"');
    expect(await (await respond(request(`?key=${grace.passcode}`))).text()).toContain('data-event-state="live"');
    expect(await (await respond(request("?key=6G615L"))).text()).toContain('data-event-state="live"'); // no dates
    for (const agent of [IPHONE, ANDROID, DESKTOP]) {
      const response = await respond(request(`?key=${ended.passcode}`, agent));
      expect(response.status).toBe(410);
      const html = await response.text();
      expect(html).toContain('data-event-state="ended"');
      expect(html).toContain("This event ended on March 2, 2025.");
      expect(html).not.toMatch(/<script|apps\.apple\.com|play\.google\.com|intent:/);
    }
  });

  it("answers the form without a key, 400 for a malformed one and 404 for an unknown one", async () => {
    for (const query of ["", "?key=", "?lang=de"]) {
      const response = await respond(request(query));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<form method="get" action="/redeem_key">');
    }
    for (const query of ["?key=ABC", "?key=K84N2S!", `?key=${"A".repeat(65)}`, `?key=K84N2S&name=${"x".repeat(201)}`]) {
      const response = await respond(request(query));
      expect(response.status, query).toBe(400);
      expect(await response.text()).toContain('<form method="get" action="/redeem_key">');
    }
    const unknown = await respond(request("?key=ZZZZZZ"));
    expect(unknown.status).toBe(404);
    const html = await unknown.text();
    expect(html).toContain("We don’t know this key");
    expect(html).toContain('name="key" value="ZZZZZZ"');
  });

  it("chooses German from Accept-Language, and the switch wins", async () => {
    const german = await (
      await respond(request("?key=K84N2S", IPHONE, "GET", { "accept-language": "de-DE,de;q=0.9,en;q=0.8" }))
    ).text();
    expect(german).toContain('<html lang="de" dir="ltr">');
    const english = await (
      await respond(request("?key=K84N2S&lang=en", IPHONE, "GET", { "accept-language": "de" }))
    ).text();
    expect(english).toContain('<html lang="en" dir="ltr">');
  });

  it("answers each request in its own language, though the key and its QR code are remembered", async () => {
    const asked = [
      { header: "ar-EG,ar;q=0.9", lang: "ar", dir: "rtl", words: "تابع على هاتفك", qr: "رمز QR لرابط مفتاحك" },
      { header: "fr-FR,fr;q=0.9", lang: "fr", dir: "ltr", words: "Continuez sur votre téléphone", qr: "Code QR" },
      { header: "cs", lang: "cs", dir: "ltr", words: "Pokračujte v telefonu", qr: "QR kód odkazu" },
      { header: "en-US,en;q=0.9", lang: "en", dir: "ltr", words: "Continue on your phone", qr: "QR code of your" },
    ];
    // One key from many visitors, as at an event's shared passcode link: each sees their own language.
    const pages = await Promise.all(
      [...asked, ...[...asked].reverse(), ...asked].map(async ({ header, ...expected }) => {
        const response = await respond(request("?key=6G615L", DESKTOP, "GET", { "accept-language": header }), {
          rememberFoundKeysMs: 60_000,
        });
        return { response, html: await response.text(), expected };
      }),
    );
    for (const { response, html, expected } of pages) {
      expect(response.headers.get("vary")).toBe("Accept-Language, User-Agent");
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(html).toContain(`<html lang="${expected.lang}" dir="${expected.dir}">`);
      expect(html).toContain(expected.words);
      expect(html).toContain(`role="img" aria-label="${expected.qr}`);
      const others = asked.filter((other) => other.lang !== expected.lang);
      for (const other of others) expect(html).not.toContain(other.words);
    }
  });

  it("records a visit per real page view, without address or user agent, never for bots, HEAD or unknown keys", async () => {
    recorded = [];
    await respond(request("?key=K84N2S", IPHONE));
    await respond(request("?key=6G615L", INSTAGRAM_ANDROID));
    await respond(request("?key=K84N2S", SLACK));
    await respond(request("?key=K84N2S", "", "GET"));
    await respond(request("?key=K84N2S", IPHONE, "HEAD"));
    await respond(request("?key=ZZZZZZ", IPHONE));
    await respond(request("", IPHONE));
    expect(recorded).toEqual([
      { eventId, code: "K84N2S", platform: "ios", inApp: false, visitedAt: expect.any(Date) },
      { eventId, code: "6G615L", platform: "android", inApp: true, visitedAt: expect.any(Date) },
    ]);
  });

  it("writes queued visits in one batch as counts per code, platform and hour, skipping events deleted meanwhile", async () => {
    const recorder = createVisitRecorder(async () => database.db, { flushAfterMs: 60_000 });
    const before = await visitRows();
    const hour = new Date("2027-05-01T08:00:00Z");
    const at = (minute: number) => new Date(hour.getTime() + minute * 60_000);
    const visit = { eventId, code: "K84N2S", inApp: false };
    recorder.record({ ...visit, platform: "desktop", visitedAt: at(1) });
    recorder.record({ ...visit, eventId: crypto.randomUUID(), platform: "ios", visitedAt: at(2) });
    recorder.record({ ...visit, platform: "android", inApp: true, visitedAt: at(3) });
    recorder.record({ ...visit, platform: "desktop", visitedAt: at(59) });
    recorder.record({ ...visit, platform: "desktop", visitedAt: at(60) }); // the next hour
    expect(await visitRows()).toBe(before); // nothing written while the response is built
    await recorder.flush();
    expect(await visitRows()).toBe(before + 3);
    // A later batch adds to the hour's counts.
    recorder.record({ ...visit, platform: "desktop", visitedAt: at(30) });
    await recorder.flush();
    expect(await visitRows()).toBe(before + 3);
    const rows = await database.db
      .select({
        platform: landingVisitCounts.platform,
        inApp: landingVisitCounts.inApp,
        hour: landingVisitCounts.hour,
        count: landingVisitCounts.count,
      })
      .from(landingVisitCounts)
      .where(eq(landingVisitCounts.code, "K84N2S"))
      .orderBy(asc(landingVisitCounts.hour), asc(landingVisitCounts.platform));
    expect(rows).toEqual([
      { platform: "android", inApp: true, hour, count: 1 },
      { platform: "desktop", inApp: false, hour, count: 3 },
      { platform: "desktop", inApp: false, hour: at(60), count: 1 },
    ]);
  });

  it("stores N page views of one key in one hour as one row with count N", async () => {
    const [event] = await database.db
      .select({ organiserId: events.organisationId })
      .from(events)
      .where(eq(events.id, eventId));
    const [minted] = (await mintStarterKeys(database.db, { organiserId: event!.organiserId, eventId, count: 1 }))
      .starters;
    const key = minted!.key!;
    const views = 25;
    // Every view in the same instant, so an hour cannot turn during the test; the clock stays real.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    try {
      for (let i = 0; i < views; i++) {
        const response = await GET(request(`?key=${key}`, IPHONE, "GET", { [SOCKET_ADDRESS_HEADER]: `10.1.${i}.1` }));
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
    } finally {
      vi.useRealTimers();
    }
    await processVisits.flush();
    const rows = await database.db
      .select({
        eventId: landingVisitCounts.eventId,
        hour: landingVisitCounts.hour,
        platform: landingVisitCounts.platform,
        inApp: landingVisitCounts.inApp,
        count: landingVisitCounts.count,
      })
      .from(landingVisitCounts)
      .where(eq(landingVisitCounts.code, key));
    expect(rows).toEqual([{ eventId, hour, platform: "ios", inApp: false, count: views }]);
  });

  it("answers HEAD like GET without a body", async () => {
    for (const query of ["?key=K84N2S", "?key=ZZZZZZ", "?key=bad"]) {
      const [get, head] = [await respond(request(query)), await respond(request(query, DESKTOP, "HEAD"))];
      expect(head.status).toBe(get.status);
      expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
      expect(await head.text()).toBe("");
    }
  });

  it("limits unknown-key lookups per client with 429 and Retry-After, and does not count real keys", async () => {
    const limits = createKeyLookupLimits(
      { kind: "memory" },
      { perAddress: [{ failures: 2, seconds: 90 }], perDevice: [] },
    );
    const lookupLimit = { limits, clientAddress: (req: Request) => req.headers.get("x-test-client") ?? "" };
    const from = (client: string, key: string) =>
      respond(request(`?key=${key}`, DESKTOP, "GET", { "x-test-client": client }), { lookupLimit });
    for (let i = 0; i < 5; i++) expect((await from("a", "K84N2S")).status).toBe(200);
    expect((await from("a", "ZZZZZ1")).status).toBe(404);
    expect((await from("a", "ZZZZZ2")).status).toBe(404);
    const refused = await from("a", "ZZZZZ3");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("90");
    expect(await refused.text()).toContain("Try again in 2 minutes.");
    // Over the limit, a real key tells the client nothing either.
    expect((await from("a", "K84N2S")).status).toBe(429);
    expect((await from("b", "K84N2S")).status).toBe(200);
  });

  it("forgives an address's typos of a key once the key is typed right there, and nothing else", async () => {
    const limits = createKeyLookupLimits(
      { kind: "memory" },
      { perAddress: [{ failures: 3, seconds: 90 }], perDevice: [] },
    );
    const lookupLimit = { limits, clientAddress: () => "venue" };
    const status = async (key: string) => (await respond(request(`?key=${key}`), { lookupLimit })).status;
    for (let round = 0; round < 5; round++) {
      expect(await status("K84N2X")).toBe(404); // a substitution
      expect(await status("K84NS2")).toBe(404); // a swap
      expect(await status("K84N2S")).toBe(200);
    }
    // Both typos of every round were forgiven: the whole limit is left, and other failures count.
    for (const guess of ["ZZZZZ1", "ZZZZZ2", "ZZZZZ3"]) expect(await status(guess)).toBe(404);
    expect(await status("K84N2S")).toBe(429);
  });

  it("remembers a found key for rememberFoundKeysMs, and then asks the database again", async () => {
    const rememberFoundKeysMs = 300;
    const eventName = async () =>
      /<h1>(.*?)<\/h1>/.exec(await (await respond(request("?key=3Z2GPX"), { rememberFoundKeysMs })).text())?.[1];
    expect(await eventName()).toBe("Easy QR Code Run");
    await database.db.update(events).set({ name: "Renamed Run" }).where(eq(events.id, eventId));
    try {
      expect(await eventName()).toBe("Easy QR Code Run");
      expect(await (await respond(request("?key=3Z2GPX"))).text()).toContain("<h1>Renamed Run</h1>"); // not remembering
      await new Promise((resolve) => setTimeout(resolve, rememberFoundKeysMs + 50));
      expect(await eventName()).toBe("Renamed Run");
    } finally {
      await database.db.update(events).set({ name: "Easy QR Code Run" }).where(eq(events.id, eventId));
    }
  });

  it("never remembers an unknown key: a key minted a moment later works at once", async () => {
    const rememberFoundKeysMs = 60_000;
    const status = async () => (await respond(request("?key=YYYYYY"), { rememberFoundKeysMs })).status;
    expect(await status()).toBe(404);
    await database.db.insert(codes).values({ code: "YYYYYY", eventId, kind: "key" });
    await database.db.insert(starters).values({ eventId, key: "YYYYYY" });
    expect(await status()).toBe(200);
  });

  it("answers 503 with Retry-After when the database cannot be reached", async () => {
    const response = await respond(request("?key=K84N2S"), {
      database: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.text()).toContain("Your link is fine");
  });

  it("stays under 20 KB compressed on the wire for the heaviest page", async () => {
    const name = encodeURIComponent("Zoë 🏃 O'Brien ".repeat(13));
    const html = await (await respond(request(`?key=K84N2S&startNumber=12345&name=${name}`, DESKTOP))).text();
    const compressed = gzipSync(html).length;
    console.info(`landing page (desktop, QR of a ${html.length}-character page): ${compressed} bytes gzip`);
    expect(compressed).toBeLessThan(20 * 1024);
  });

  it("leaves every key unused after 200 GET and HEAD requests of the route from bots and browsers", async () => {
    const snapshot = async () => ({
      starters: await database.db.select().from(starters).orderBy(asc(starters.id)),
      codes: await database.db.select().from(codes).orderBy(asc(codes.code)),
      events: await database.db.select().from(events),
      bindings: await database.db.select({ n: count() }).from(keyBindings),
    });
    const before = await snapshot();
    const agents = [IPHONE, ANDROID, INSTAGRAM_ANDROID, DESKTOP, SLACK, WHATSAPP, ""];
    const keys = ["K84N2S", "k84n2s", "3Z2GPX", "6G615L", "ZZZZZZ"];
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const handler = i % 2 === 0 ? GET : HEAD;
      const query = `?key=${keys[i % keys.length]}&startNumber=1`;
      // Each from its own address, as visitors are: this test is about state, not the rate limit.
      const from = { [SOCKET_ADDRESS_HEADER]: `10.0.${i}.1` };
      const response = await handler(request(query, agents[i % agents.length], i % 2 ? "HEAD" : "GET", from));
      statuses.add(response.status);
      await response.arrayBuffer();
    }
    expect([...statuses].sort()).toEqual([200, 404]);
    await processVisits.flush();
    expect(await snapshot()).toEqual(before);
    expect(before.starters.every((s) => !s.keyUsed && s.deviceId === null && s.redeemedAt === null)).toBe(true);
  });

  it("counts unknown keys of the route against the per-address lookup limit", async () => {
    const [{ failures, seconds }] = getConfig().LOOKUP_FAILURES_PER_ADDRESS as [{ failures: number; seconds: number }];
    const from = (address: string, key: string) =>
      GET(request(`?key=${key}`, DESKTOP, "GET", { [SOCKET_ADDRESS_HEADER]: address }));
    for (let i = 0; i < failures; i++) expect((await from("198.51.100.7", "ZZZZZZ")).status).toBe(404);
    const refused = await from("198.51.100.7", "ZZZZZZ");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(seconds - 5);
    expect((await from("198.51.100.7", "K84N2S")).status).toBe(429);
    expect((await from("198.51.100.8", "K84N2S")).status).toBe(200);
  });

  async function visitRows(): Promise<number> {
    return ((await database.db.select({ n: count() }).from(landingVisitCounts)) as [{ n: number }])[0].n;
  }
});
