import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { events } from "@/db/schema";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { getConfig } from "@/lib/platform/config";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

/**
 * An event's own app (white label) as clients use it: set through PATCH /api/events/:eventId,
 * shown by GET, used by the event's key links on the landing page, listed in the association
 * files; every malformed setting refused with 400 before anything is written.
 */
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const ANDROID =
  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

const DESKTOP =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

const fingerprint = (byte: string) => Array.from({ length: 32 }, () => byte).join(":");
const TRAIL_APP = {
  name: "Alpine Trail App",
  iosAppStoreId: "6447012345",
  iosBundleId: "ch.alpine-trail.app",
  appleTeamId: "TRAIL12345",
  androidPackage: "ch.alpine_trail.app",
  androidSha256CertFingerprints: [fingerprint("AB"), fingerprint("CD")],
  urlScheme: "alpinetrail",
};

const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe.each(testDrivers())("an event's own app on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let organiserId: string;
  let addresses = 0;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    let organiser;
    ({ token, organiser } = await newOrganiser(database.db));
    organiserId = organiser.id;
    ({ token: otherToken } = await newOrganiser(database.db));
  });
  afterAll(async () => database?.close());

  const createEvent = async (name: string, as = token) =>
    ((await (await apiRequest("POST", "/api/events", { token: as, json: { name } })).json()) as { id: string }).id;
  const patch = (eventId: string, json: unknown, as = token) =>
    apiRequest("PATCH", `/api/events/${eventId}`, { token: as, json });
  const getEvent = async (eventId: string) =>
    (await (await apiRequest("GET", `/api/events/${eventId}`, { token })).json()) as Record<string, unknown>;
  const storedRow = async (eventId: string) =>
    (await database.db.select().from(events).where(eq(events.id, eventId)))[0]!;
  const mintKey = async (eventId: string) =>
    (await mintStarterKeys(database.db, { organiserId, eventId, count: 1 })).starters[0]!.key!;
  /** The landing page of a key as a phone opens it. */
  const landing = async (key: string, userAgent: string) =>
    (
      await apiRequest("GET", `/redeem_key?key=${key}`, {
        headers: { "user-agent": userAgent, [SOCKET_ADDRESS_HEADER]: `198.51.100.${++addresses}` },
      })
    ).text();
  const association = async <T>(path: string) => {
    const response = await apiRequest("GET", `/.well-known/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    return (await response.json()) as T;
  };
  type Aasa = { applinks: { details: Array<{ appIDs: string[]; components: unknown[] }> } };
  type AssetLinks = Array<{ target: { package_name: string; sha256_cert_fingerprints: string[] } }>;

  it("sets the app with PATCH, shows it with GET, and normalises letter case", async () => {
    const eventId = await createEvent("Alpine Trail");
    expect(await getEvent(eventId)).toMatchObject({ app: null });
    const response = await patch(eventId, {
      app: {
        ...TRAIL_APP,
        appleTeamId: "trail12345",
        androidSha256CertFingerprints: [fingerprint("ab"), fingerprint("CD")],
        urlScheme: "AlpineTrail",
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: eventId, name: "Alpine Trail", app: TRAIL_APP });
    expect((await getEvent(eventId)).app).toEqual(TRAIL_APP);
    const listed = (await (await apiRequest("GET", "/api/events", { token })).json()) as Array<{ id: string }>;
    expect(listed.find((event) => event.id === eventId)).toMatchObject({ app: TRAIL_APP });
    // Other fields stay as they are, and a patch without `app` keeps it.
    expect((await patch(eventId, { name: "Alpine Trail 2027" })).status).toBe(200);
    expect(await getEvent(eventId)).toMatchObject({ name: "Alpine Trail 2027", app: TRAIL_APP });
  });

  const INVALID: Array<[field: string, value: unknown]> = [
    ["name", ""],
    ["name", "   "],
    ["name", "Trail\u0000App"],
    ["name", "Trail\ud800App"],
    ["name", "x".repeat(61)],
    ["name", 42],
    ["iosAppStoreId", "id6447012345"],
    ["iosAppStoreId", "12345"],
    ["iosAppStoreId", "0447012345"],
    ["iosAppStoreId", "６４４７０１２３４５"],
    ["iosAppStoreId", 6447012345],
    ["iosBundleId", "app"],
    ["iosBundleId", "ch..app"],
    ["iosBundleId", "ch.alpine trail.app"],
    ["iosBundleId", "ch/alpine/app"],
    ["iosBundleId", `ch.${"a".repeat(160)}`],
    ["appleTeamId", "TRAIL1234"],
    ["appleTeamId", "TRAIL123456"],
    ["appleTeamId", "TRAIL-1234"],
    ["androidPackage", "app"],
    ["androidPackage", "1ch.alpine"],
    ["androidPackage", "ch.1alpine"],
    ["androidPackage", "ch.alpine-trail"],
    ["androidPackage", "ch..alpine"],
    ["androidSha256CertFingerprints", []],
    ["androidSha256CertFingerprints", fingerprint("AB")],
    ["androidSha256CertFingerprints", ["AB:CD"]],
    ["androidSha256CertFingerprints", ["AB".repeat(32)]],
    ["androidSha256CertFingerprints", [fingerprint("GG")]],
    ["androidSha256CertFingerprints", [fingerprint("AB"), fingerprint("ab")]],
    ["androidSha256CertFingerprints", Array.from({ length: 11 }, (_, i) => fingerprint(String(10 + i)))],
    ["urlScheme", "javascript"],
    ["urlScheme", "https"],
    ["urlScheme", "intent"],
    ["urlScheme", "x-safari-https"],
    ["urlScheme", "alpinetrail://"],
    ["urlScheme", "1trail"],
    ["urlScheme", "alpine trail"],
    ["urlScheme", ""],
  ];

  it.each(INVALID)("refuses %s %j with 400 and writes nothing", async (field, value) => {
    const eventId = await createEvent("Refused Run");
    const before = await storedRow(eventId);
    const response = await patch(eventId, { name: "Renamed", app: { ...TRAIL_APP, [field]: value } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; details: Array<{ path: string }> } };
    expect(body).toEqual(errorShape("invalid_request"));
    expect(body.error.details[0]!.path).toMatch(new RegExp(`^app\\.${field}(\\.\\d+)?$`));
    expect(body.error.message).toMatch(new RegExp(`^app\\.${field}`));
    expect(await storedRow(eventId)).toEqual(before);
  });

  it.each(Object.keys(TRAIL_APP))(
    "answers hostile values of %s with 200 or 400, never more, and a 400 writes nothing",
    async (field) => {
      const eventId = await createEvent("Hostile Run");
      const hostile = fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary-ascii", maxLength: 40 }),
        fc.constantFrom("", "\u0000", "\ud800", "x".repeat(10_000), null, 0, 1e308, true, {}, [], ["\u0000"]),
        fc.array(fc.string({ maxLength: 100 }), { maxLength: 12 }),
      );
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const before = await storedRow(eventId);
          const response = await patch(eventId, { app: { ...TRAIL_APP, [field]: value } });
          expect([200, 400]).toContain(response.status);
          if (response.status === 400) expect(await storedRow(eventId)).toEqual(before);
        }),
        { numRuns: 25 },
      );
    },
  );

  it("refuses a missing setting, an unknown one and a wrong type", async () => {
    const eventId = await createEvent("Incomplete Run");
    const before = await storedRow(eventId);
    const { urlScheme: _missing, ...withoutScheme } = TRAIL_APP;
    for (const app of [withoutScheme, { ...TRAIL_APP, iosAppId: "1" }, "com.example.app", [TRAIL_APP], {}]) {
      const response = await patch(eventId, { app });
      expect(response.status, JSON.stringify(app)).toBe(400);
      expect(await response.json()).toEqual(errorShape("invalid_request"));
    }
    expect(await storedRow(eventId)).toEqual(before);
  });

  it("goes back to the default app with app: null", async () => {
    const eventId = await createEvent("Reset Run");
    expect((await patch(eventId, { app: TRAIL_APP })).status).toBe(200);
    const response = await patch(eventId, { app: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ app: null });
    expect((await storedRow(eventId)).app).toBeNull();
  });

  it("answers 404 for another organiser's event and leaves it alone", async () => {
    const theirs = await createEvent("Their Run", otherToken);
    const before = await storedRow(theirs);
    const response = await patch(theirs, { app: TRAIL_APP });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(errorShape("not_found"));
    expect(await storedRow(theirs)).toEqual(before);
  });

  it("hands the event's key links over to its app, and other events' to the default", async () => {
    const trail = await createEvent("Trail Links");
    const plain = await createEvent("Plain Links");
    expect((await patch(trail, { app: TRAIL_APP })).status).toBe(200);
    const [trailKey, plainKey] = [await mintKey(trail), await mintKey(plain)];
    const config = getConfig();

    const iphone = await landing(trailKey, IPHONE);
    expect(iphone).toContain(
      `href="alpinetrail://redeem_key?key=${trailKey}" data-open-app>Open in Alpine Trail App</a>`,
    );
    expect(iphone).toContain('href="https://apps.apple.com/app/id6447012345" data-copy-link>');
    expect(iphone).toContain('<meta name="apple-itunes-app" content="app-id=6447012345, app-argument=');
    expect(iphone).toContain("<title>Join Trail Links live tracking · Alpine Trail App</title>");
    expect(iphone).not.toContain(config.APP_NAME);
    expect(iphone).not.toContain(`id${config.IOS_APP_STORE_ID}`);

    const android = await landing(trailKey, ANDROID);
    expect(android).toContain(";package=ch.alpine_trail.app;");
    expect(android).toContain("https://play.google.com/store/apps/details?id=ch.alpine_trail.app&amp;referrer=");
    expect(android).not.toContain(`id=${config.ANDROID_PACKAGE}`);

    // A desktop shows the QR code of the key link (which leads the phone here) and that app's stores.
    const desktop = await landing(trailKey, DESKTOP);
    expect(desktop).toContain('<a class="badge" href="https://apps.apple.com/app/id6447012345">');
    expect(desktop).toContain(
      '<a class="badge" href="https://play.google.com/store/apps/details?id=ch.alpine_trail.app&amp;',
    );
    expect(desktop).toContain("No Alpine Trail App yet? Install it first:");
    expect(desktop).toContain('<figure class="qr"><svg');

    const other = await landing(plainKey, IPHONE);
    expect(other).toContain(`href="${config.APP_URL_SCHEME}://redeem_key?key=${plainKey}" data-open-app>`);
    expect(other).toContain(`Open in ${config.APP_NAME}</a>`);
    expect(other).toContain(`https://apps.apple.com/app/id${config.IOS_APP_STORE_ID}`);
    expect(other).not.toContain("Alpine Trail App");
  });

  it("lists the default app and every event's distinct app in the association files", async () => {
    const config = getConfig();
    const sameApp = await createEvent("Second Trail Event");
    const otherApp = await createEvent("Lake Run");
    const lakeApp = {
      ...TRAIL_APP,
      name: "Lake App",
      iosBundleId: "ch.lake.app",
      androidSha256CertFingerprints: [fingerprint("EF")],
    };
    expect((await patch(sameApp, { app: TRAIL_APP })).status).toBe(200);
    expect((await patch(otherApp, { app: lakeApp })).status).toBe(200);

    const apple = await association<Aasa>("apple-app-site-association");
    expect(apple.applinks.details).toHaveLength(1);
    expect(apple.applinks.details[0]!.appIDs).toEqual([
      `${config.APPLE_TEAM_ID}.${config.IOS_BUNDLE_ID}`,
      "TRAIL12345.ch.alpine-trail.app",
      "TRAIL12345.ch.lake.app",
    ]);
    // The same package with another certificate: one statement with both.
    const android = await association<AssetLinks>("assetlinks.json");
    expect(android.map((statement) => statement.target)).toEqual([
      {
        namespace: "android_app",
        package_name: config.ANDROID_PACKAGE,
        sha256_cert_fingerprints: config.ANDROID_SHA256_CERT_FINGERPRINTS,
      },
      {
        namespace: "android_app",
        package_name: "ch.alpine_trail.app",
        sha256_cert_fingerprints: [fingerprint("AB"), fingerprint("CD"), fingerprint("EF")],
      },
    ]);

    // Reset: the lake app is gone at once from the files this instance serves.
    expect((await patch(otherApp, { app: null })).status).toBe(200);
    expect((await association<Aasa>("apple-app-site-association")).applinks.details[0]!.appIDs).not.toContain(
      "TRAIL12345.ch.lake.app",
    );
  });

  it("reads the events' apps once for many requests, not once per request", async () => {
    await association<Aasa>("apple-app-site-association");
    const reads = vi.spyOn(database.db, "selectDistinct");
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          association<unknown>(i % 2 ? "apple-app-site-association" : "assetlinks.json"),
        ),
      );
      expect(answers).toHaveLength(50);
      expect(reads).not.toHaveBeenCalled();
      // A change through this instance is read again, once for the requests waiting on it.
      expect((await patch(await createEvent("Changed Run"), { app: TRAIL_APP })).status).toBe(200);
      await Promise.all(Array.from({ length: 20 }, () => association<unknown>("assetlinks.json")));
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});
