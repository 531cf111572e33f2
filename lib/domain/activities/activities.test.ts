import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain/errors";
import { fitFile, gpxFile, gzip, gzipBomb, samplePoints, tcxFile, xmlBomb } from "@/testing/activities";
import { decodeTrack, encodeTrack } from "./encoding";
import { ActivityTooLarge, checkEventWindow, parseActivityFile } from "./file";
import { outlineOf, outlineSvg } from "./outline";
import { haversineMeters, normaliseTrack, summarise } from "./track";

const bytesOf = (text: string) => new TextEncoder().encode(text);
async function problemOf(input: Uint8Array): Promise<string | undefined> {
  try {
    await parseActivityFile(input);
  } catch (error) {
    if (error instanceof DomainError) return error.details?.[0]?.message;
    if (error instanceof ActivityTooLarge) return "too_large";
    throw error;
  }
  return undefined;
}

describe("the track model", () => {
  it("measures great-circle distance (haversine): one degree of latitude is about 111.2 km", () => {
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111_195, -1);
    expect(haversineMeters({ lat: 47.3769, lon: 8.5417 }, { lat: 46.948, lon: 7.4474 })).toBeCloseTo(95_500, -3);
  });

  it("drops and counts invalid points and time going backwards, and keeps the rest in order", () => {
    const t = Date.parse("2027-05-01T08:00:00Z");
    const { points, dropped } = normaliseTrack([
      { time: t, lat: 47, lon: 8, elevation: 400, heartRate: 130 },
      { time: t + 1000, lat: 91, lon: 8 },
      { time: t + 2000, lat: 0, lon: 0 },
      { time: t + 3000, lat: Number.NaN, lon: 8 },
      { lat: 47, lon: 8 },
      { time: t - 5000, lat: 47, lon: 8 },
      { time: t + 4000, lat: 47.001, lon: 8, elevation: 20_000, heartRate: 400 },
    ]);
    expect(dropped).toEqual({ invalid: 3, untimed: 1, backwards: 1 });
    expect(points).toEqual([
      { time: t, lat: 47, lon: 8, elevation: 400, heartRate: 130 },
      { time: t + 4000, lat: 47.001, lon: 8 },
    ]);
  });

  it("derives duration, moving time (not standing still, not pauses) and distance", () => {
    const t = Date.parse("2027-05-01T08:00:00Z");
    const summary = summarise([
      { time: t, lat: 47, lon: 8 },
      { time: t + 10_000, lat: 47.0003, lon: 8 }, // 33 m in 10 s: moving
      { time: t + 20_000, lat: 47.0003, lon: 8 }, // standing
      { time: t + 620_000, lat: 47.0006, lon: 8 }, // a 10-minute pause
    ]);
    expect(summary).toMatchObject({ durationSeconds: 620, movingSeconds: 10, points: 4 });
    expect(summary.distanceMeters).toBeCloseTo(66.7, 0);
  });

  it("stores 36,000 noisy points in well under 1 MB and decodes them to 1e-7 degrees", () => {
    const points = normaliseTrack(samplePoints(36_000).map((p) => ({ ...p, time: p.time.getTime() }))).points;
    const stored = encodeTrack(points);
    expect(stored.length).toBeLessThan(1_000_000);
    expect(decodeTrack(stored)).toEqual(points);
    const sparse = [
      { time: 5, lat: -33.8688197, lon: 151.2092955 },
      { time: 7, lat: -33.8688, lon: 151.2093, heartRate: 99 },
    ];
    expect(decodeTrack(encodeTrack(sparse))).toEqual(sparse);
  });
});

describe("activity files", () => {
  const points = samplePoints(600);
  const expected = points.map((p) => ({ ...p, time: p.time.getTime() }));
  const close = (parsed: { time: number; lat: number; lon: number }[]) => {
    expect(parsed.length).toBe(expected.length);
    parsed.forEach((p, i) => {
      expect(p.time).toBe(expected[i]!.time);
      expect(p.lat).toBeCloseTo(expected[i]!.lat, 6);
      expect(p.lon).toBeCloseTo(expected[i]!.lon, 6);
    });
  };

  it("reads FIT (records, laps, session), GPX 1.1, TCX and gzipped GPX to the same track", async () => {
    for (const [file, format] of [
      [fitFile(points), "fit"],
      [bytesOf(gpxFile(points)), "gpx"],
      [bytesOf(tcxFile(points)), "tcx"],
      [gzip(gpxFile(points)), "gpx"],
      [gzip(fitFile(points)), "fit"],
    ] as const) {
      const parsed = await parseActivityFile(file);
      expect(parsed.format).toBe(format);
      close(parsed.track.points);
      expect(parsed.track.points[10]).toMatchObject({ heartRate: expected[10]!.heartRate });
      expect(parsed.track.points[10]!.elevation).toBeCloseTo(expected[10]!.elevation!, 0);
      expect(parsed.summary.durationSeconds).toBe(599);
    }
  });

  it("names each malformed input", async () => {
    const fit = fitFile(points);
    const badCrc = fit.slice();
    badCrc[200] = badCrc[200]! ^ 0xff;
    expect(await problemOf(new Uint8Array(0))).toBe("empty_file");
    expect(await problemOf(fit.slice(0, fit.length / 2))).toBe("fit_truncated");
    expect(await problemOf(badCrc)).toBe("fit_crc_mismatch");
    expect(await problemOf(new Uint8Array(randomBytes(1_000_000)))).toBe("not_fit");
    expect(await problemOf(bytesOf(gpxFile(points, { withTime: false })))).toBe("no_timestamps");
    expect(await problemOf(bytesOf(gpxFile([])))).toBe("no_track_points");
    expect(await problemOf(bytesOf(xmlBomb))).toBe("xml_doctype");
    expect(await problemOf(bytesOf("<gpx><trk><trkpt lat='1' lon='2'></trk>"))).toBe("malformed_xml");
    expect(await problemOf(bytesOf("<html><body>hi</body></html>"))).toBe("unknown_format");
    expect(await problemOf(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toBe("bad_gzip");
  });

  it("stops unzipping a gzip bomb at the limit", async () => {
    const bomb = gzipBomb(64);
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().arrayBuffers;
    expect(await problemOf(bomb)).toBe("too_large");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40 * 1024 ** 2);
  });

  it("checks the event's time window with a day's slack either side", () => {
    const event = { startsAt: new Date("2027-05-01T07:00:00Z"), endsAt: new Date("2027-05-01T15:00:00Z") };
    const at = (from: string, to: string) => ({ startedAt: new Date(from), endedAt: new Date(to) });
    expect(checkEventWindow(at("2027-05-01T08:00:00Z", "2027-05-01T09:00:00Z"), event)).toBe(true);
    expect(checkEventWindow(at("2027-05-01T14:00:00Z", "2027-05-01T17:00:00Z"), event)).toBe(false);
    expect(checkEventWindow(at("2027-04-30T08:00:00Z", "2027-04-30T09:00:00Z"), event)).toBe(false);
    expect(() => checkEventWindow(at("2027-04-29T08:00:00Z", "2027-04-29T09:00:00Z"), event)).toThrow(
      /more than a day away from the event \(2027-05-01\)/,
    );
    expect(checkEventWindow(at("2001-01-01T08:00:00Z", "2001-01-01T09:00:00Z"), { startsAt: null, endsAt: null })).toBe(
      true,
    );
  });
});

describe("the outline", () => {
  it("fits the track into a 100×100 box, north up, keeping its aspect, with at most 160 vertices", () => {
    const t = 0;
    const square = [
      { time: t, lat: 47, lon: 8 },
      { time: t, lat: 47.01, lon: 8 },
      { time: t, lat: 47.01, lon: 8.01 },
    ];
    const outline = outlineOf(square);
    const [a, b, c] = outline.split(" ").map((p) => p.split(",").map(Number));
    expect(a![1]).toBe(98); // south at the bottom
    expect(b![1]).toBe(2);
    expect(c![0]! - b![0]!).toBeCloseTo(96 * Math.cos((47.005 * Math.PI) / 180), 0); // a degree of longitude is shorter
    const long = normaliseTrack(samplePoints(36_000).map((p) => ({ ...p, time: p.time.getTime() }))).points;
    expect(outlineOf(long).split(" ").length).toBeLessThanOrEqual(161);
  });

  it("draws as an inline SVG with nothing external, and refuses anything but numbers", () => {
    const svg = outlineSvg("2,98 2,2 50,2", { label: 'Start "<script>"' });
    expect(svg).toContain('<polyline points="2,98 2,2 50,2"');
    expect(svg).toContain('aria-label="Start &#34;&#60;script&#62;&#34;"');
    expect(svg).not.toMatch(/href|url\(/);
    expect(outlineSvg('1,1"/><script>')).not.toContain("<script>");
  });
});
