import { count, eq } from "drizzle-orm";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, starters } from "@/db/schema";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { fitFile, gpxFile, gzip, gzipBomb, samplePoints, tcxFile, xmlBomb } from "@/testing/activities";

interface Summary {
  id: string;
  starterId: string;
  startedAt: string;
  durationSeconds: number;
  distanceMeters: number;
  points: number;
  insideEventWindow: boolean;
}
type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

const points = samplePoints(900);
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A multipart form with the file in the field `file`, as a browser's form post sends it. */
async function multipart(file: Uint8Array, name: string) {
  const form = new FormData();
  form.set("file", new Blob([file as BlobPart]), name);
  const request = new Request("http://x.test", { method: "POST", body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

describe.each(testDrivers())("activity uploads through the API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let eventId: string;
  let passcode: string;
  let keys: { id: string; key: string }[];
  let address = 0;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
    const created = await apiRequest("POST", "/api/events", {
      token,
      json: { name: "Upload Run", startsAt: "2027-05-01T07:00:00Z", endsAt: "2027-05-01T15:00:00Z" },
    });
    ({ id: eventId, passcode } = (await created.json()) as { id: string; passcode: string });
    const minted = await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=8`, { token });
    keys = (await minted.json()) as { id: string; key: string }[];
  });
  afterAll(async () => database?.close());

  /** Each call from its own address, so the failure limits of one test never reach another. */
  const upload = (key: string, body: Uint8Array | string, contentType = "application/octet-stream", from?: string) =>
    apiRequest("POST", `/api/starters/actions/upload_activity?key=${encodeURIComponent(key)}`, {
      body,
      headers: { "content-type": contentType, [SOCKET_ADDRESS_HEADER]: from ?? `198.51.100.${(address++ % 250) + 1}` },
    });
  const stored = async () => (await database.db.select({ n: count() }).from(activities))[0]!.n;
  const geoJsonOf = async (id: string) => {
    const response = await apiRequest("GET", `/api/events/${eventId}/activities/${id}?format=geojson`, { token });
    expect(response.headers.get("content-type")).toBe("application/geo+json");
    return (await response.json()) as {
      geometry: { coordinates: number[][] };
      properties: { coordinateProperties: { times: string[]; heartRates: number[] } };
    };
  };
  const expectSameTrack = async (id: string) => {
    const feature = await geoJsonOf(id);
    expect(feature.geometry.coordinates).toHaveLength(points.length);
    feature.geometry.coordinates.forEach(([lon, lat, elevation], i) => {
      expect(lon).toBeCloseTo(points[i]!.lon, 6);
      expect(lat).toBeCloseTo(points[i]!.lat, 6);
      expect(elevation).toBeCloseTo(points[i]!.elevation!, 0);
    });
    expect(feature.properties.coordinateProperties.times).toEqual(points.map((p) => p.time.toISOString()));
    expect(feature.properties.coordinateProperties.heartRates).toEqual(points.map((p) => p.heartRate));
  };

  it("stores a FIT file for the key's starter (201), answers the same activity for the same file (200), marks the key used without binding a device", async () => {
    const [starter] = keys;
    const first = await upload(starter!.key, fitFile(points), "application/vnd.ant.fit");
    expect(first.status).toBe(201);
    const summary = (await first.json()) as Summary;
    expect(summary).toMatchObject({
      starterId: starter!.id,
      startedAt: "2027-05-01T08:00:00.000Z",
      durationSeconds: 899,
      points: 900,
      insideEventWindow: true,
    });
    expect(summary.distanceMeters).toBeGreaterThan(2000);
    const again = await upload(starter!.key.toLowerCase(), fitFile(points));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(summary);
    expect(await stored()).toBe(1);
    const [row] = await database.db.select().from(starters).where(eq(starters.id, starter!.id));
    expect(row).toMatchObject({ keyUsed: true, deviceId: null });
    expect(row!.redeemedAt).toBeInstanceOf(Date);
    await expectSameTrack(summary.id);
    const redeem = await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: starter!.key, deviceId: "phone-after-upload" },
    });
    expect(redeem.status).toBe(200);
  });

  it("reads GPX 1.1 (multipart), TCX and gzipped GPX back identically as GeoJSON", async () => {
    const form = await multipart(bytesOf(gpxFile(points)), "run.gpx");
    for (const [key, body, type] of [
      [keys[1]!.key, form.body, form.contentType],
      [keys[2]!.key, bytesOf(tcxFile(points)), "application/vnd.garmin.tcx+xml"],
      [keys[3]!.key, gzip(gpxFile(points)), "application/gzip"],
    ] as const) {
      const response = await upload(key, body, type);
      expect(response.status, type).toBe(201);
      await expectSameTrack(((await response.json()) as Summary).id);
    }
    const gpx = await apiRequest(
      "GET",
      `/api/events/${eventId}/activities/${((await (await upload(keys[1]!.key, form.body, form.contentType)).json()) as Summary).id}?format=gpx`,
      { token },
    );
    expect(gpx.headers.get("content-type")).toBe("application/gpx+xml");
    const text = await gpx.text();
    expect(text).toContain(`<trkpt lat="${points[0]!.lat}" lon="${points[0]!.lon}">`);
    expect(text.match(/<trkpt /g)).toHaveLength(points.length);
  });

  it("lists the event's activities to its organiser, cursor paged, and deletes one", async () => {
    const page = async (query: string, as = token) =>
      apiRequest("GET", `/api/events/${eventId}/activities${query}`, { token: as });
    const first = (await (await page("?limit=2")).json()) as { activities: Summary[]; nextCursor: string };
    expect(first.activities).toHaveLength(2);
    const rest = (await (await page(`?limit=10&cursor=${first.nextCursor}`)).json()) as {
      activities: (Summary & { key: string; format: string })[];
      nextCursor: null;
    };
    expect(rest.activities.map((a) => a.format)).toEqual(["tcx", "gpx"]);
    expect(rest.nextCursor).toBeNull();
    expect((await page("", otherToken)).status).toBe(404);
    expect((await page("")).status).toBe(200);
    const id = rest.activities[1]!.id;
    expect((await apiRequest("GET", `/api/events/${eventId}/activities/${id}`, { token: otherToken })).status).toBe(
      404,
    );
    expect((await apiRequest("DELETE", `/api/events/${eventId}/activities/${id}`, { token })).status).toBe(204);
    expect((await apiRequest("DELETE", `/api/events/${eventId}/activities/${id}`, { token })).status).toBe(404);
    expect(await stored()).toBe(3);
  });

  it("refuses passcodes with a clear message, unknown and malformed keys like redeem, and counts them", async () => {
    const byPasscode = await upload(passcode, fitFile(points));
    expect(byPasscode.status).toBe(403);
    expect(((await byPasscode.json()) as ErrorBody).error.message).toMatch(/a personal key is needed/);
    for (const key of ["ZZZZZZ", "not a key", ""]) {
      const response = await upload(key, fitFile(points), "application/octet-stream", "203.0.113.7");
      expect(response.status, key).toBe(404);
      expect(((await response.json()) as ErrorBody).error.message).toBe(
        "no event has this key or passcode; check the six characters",
      );
    }
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const response = await upload(
        `ZZZZ${String(i).padStart(2, "0")}`,
        "x",
        "application/octet-stream",
        "203.0.113.7",
      );
      if (response.status === 429) limited = response;
    }
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("refuses an event past its grace period with its end date", async () => {
    const created = await apiRequest("POST", "/api/events", {
      token,
      json: { name: "Long Ago Run", startsAt: "2020-05-01T07:00:00Z", endsAt: "2020-05-01T15:00:00Z" },
    });
    const old = (await created.json()) as { id: string };
    const [key] = (await (
      await apiRequest("POST", `/api/events/${old.id}/actions/generate_starter_keys?count=1`, { token })
    ).json()) as { key: string }[];
    const response = await upload(key!.key, fitFile(samplePoints(10, new Date("2020-05-01T08:00:00Z"))));
    expect(response.status).toBe(410);
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/ended on 2020-05-01/);
  });

  it("answers each malformed file with its named 400 or a 413, and writes nothing", async () => {
    const before = await stored();
    const fit = fitFile(points);
    const badCrc = fit.slice();
    badCrc[300] = badCrc[300]! ^ 0x55;
    const cases: [string, Uint8Array | string, number, string?][] = [
      ["empty", "", 400, "empty_file"],
      ["truncated FIT", fit.slice(0, 5000), 400, "fit_truncated"],
      ["FIT with a bad CRC", badCrc, 400, "fit_crc_mismatch"],
      ["GPX without time", gpxFile(points, { withTime: false }), 400, "no_timestamps"],
      ["GPX without points", gpxFile([]), 400, "no_track_points"],
      ["XML bomb", xmlBomb, 400, "xml_doctype"],
      ["20 MB of random bytes", new Uint8Array(randomBytes(20 * 1024 ** 2)), 400, "not_fit"],
      [
        "a year before the event",
        gpxFile(samplePoints(5, new Date("2026-05-01T08:00:00Z"))),
        400,
        "outside_event_window",
      ],
      ["a gzip bomb", gzipBomb(40), 413],
      ["26 MiB", new Uint8Array(26 * 1024 ** 2), 413],
    ];
    for (const [what, body, status, problem] of cases) {
      const response = await upload(keys[4]!.key, body);
      expect(response.status, what).toBe(status);
      const { error } = (await response.json()) as ErrorBody;
      if (problem) expect(error.details?.[0], what).toEqual({ path: "file", message: problem });
    }
    const chunked = await apiRequest("POST", `/api/starters/actions/upload_activity?key=${keys[4]!.key}`, {
      headers: { "content-type": "application/octet-stream", "content-length": String(30 * 1024 ** 2) },
      body: "x",
    });
    expect(chunked.status).toBe(413);
    expect((await upload(keys[4]!.key, "<gpx/>", "image/png")).status).toBe(415);
    expect(await stored()).toBe(before);
    const [row] = await database.db.select().from(starters).where(eq(starters.id, keys[4]!.id));
    expect(row!.keyUsed).toBe(false);
  });

  it("never answers a 5xx, whatever the body (property-based)", async () => {
    const fit = fitFile(samplePoints(20));
    const gpx = bytesOf(gpxFile(samplePoints(20)));
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc
        .string({ maxLength: 500 })
        .map((s) => bytesOf(`<gpx><trk><trkseg><trkpt lat="1" lon="2">${s}</trkpt></trkseg></trk></gpx>`)),
      fc.tuple(fc.nat(fit.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const copy = fit.slice();
        copy[i] = copy[i]! ^ x;
        return copy;
      }),
      fc.nat(gpx.length).map((n) => gpx.slice(0, n)),
      fc.uint8Array({ maxLength: 500 }).map((tail) => gzip(new Uint8Array([...fit.slice(0, 200), ...tail]))),
    );
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        const response = await upload(keys[5]!.key, bytes);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
