import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventLogos, events } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

/** An image of `width`×`height` in a format, drawn by sharp: a colour field with a transparent corner. */
async function image(format: "png" | "jpeg" | "webp", width: number, height: number, withExif = false) {
  const picture = sharp({ create: { width, height, channels: 4, background: "#8a1538" } })
    .composite([{ input: Buffer.from([0, 0, 0, 0]), raw: { width: 1, height: 1, channels: 4 }, tile: false }])
    [format]();
  return withExif
    ? picture.withExif({ IFD0: { Artist: "Secret Person", Copyright: "GPS 47.37,8.54" } }).toBuffer()
    : picture.toBuffer();
}

interface EventBody {
  id: string;
  accentColor: string | null;
  description: string | null;
  logo: { url: string; width: number; height: number } | null;
}

describe.each(testDrivers())("event branding through the API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let eventId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Branded Run" } });
    eventId = ((await created.json()) as EventBody).id;
  });
  afterAll(async () => database?.close());

  const patch = (json: unknown, as = token) => apiRequest("PATCH", `/api/events/${eventId}`, { token: as, json });
  const putLogo = (body: Uint8Array | string, contentType: string | undefined, as = token, event = eventId) =>
    apiRequest("PUT", `/api/events/${event}/logo`, {
      token: as,
      body,
      headers: contentType ? { "content-type": contentType } : {},
    });
  /** What branding writes: the event's columns and the stored image. */
  const stored = async () => {
    const [event] = await database.db.select().from(events).where(eq(events.id, eventId));
    const [logos] = await database.db.select({ n: count() }).from(eventLogos);
    const { accentColor, description, logoHash, logoWidth, logoHeight, updatedAt } = event!;
    return { accentColor, description, logoHash, logoWidth, logoHeight, updatedAt, logos: logos!.n };
  };
  const errorOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error;

  describe("accent colour and description (PATCH /api/events/:eventId)", () => {
    it("sets an accent colour that white text is readable on, as #rrggbb", async () => {
      const response = await patch({ accentColor: "#8A1538" });
      expect(response.status).toBe(200);
      expect(((await response.json()) as EventBody).accentColor).toBe("#8a1538");
      expect(((await (await patch({ accentColor: "#036" })).json()) as EventBody).accentColor).toBe("#003366");
    });

    it("refuses a colour with less than 4.5:1 contrast to white text with a 400 that says so, and keeps the old one", async () => {
      const before = await stored();
      for (const [color, ratio] of [
        ["#ffcc00", "1.51"],
        ["#777777", "4.47"],
      ] as const) {
        const response = await patch({ accentColor: color, description: "not saved either" });
        expect(response.status).toBe(400);
        expect((await errorOf(response)).message).toBe(
          `accentColor: ${color} has a contrast of only ${ratio}:1 with white text; at least 4.5:1 is needed: choose a darker colour`,
        );
      }
      for (const color of ["red", "#12345", "0b63ce", "", "#0b63ce; background:url(x)"]) {
        const response = await patch({ accentColor: color });
        expect(response.status, color).toBe(400);
        expect((await errorOf(response)).message).toContain("accentColor: must be a hex colour such as #0b63ce");
      }
      expect(await stored()).toEqual(before);
    });

    it("sets a plain-text description with its line breaks; refuses control characters and long text; null clears", async () => {
      const response = await patch({ description: "  10 km through the old town.\r\nStart 9:00 <b>sharp</b>.  " });
      expect(response.status).toBe(200);
      expect(((await response.json()) as EventBody).description).toBe(
        "10 km through the old town.\nStart 9:00 <b>sharp</b>.",
      );
      const before = await stored();
      for (const description of ["bell\u0007", "nul\u0000", "x".repeat(301), 42]) {
        const refused = await patch({ description });
        expect(refused.status, JSON.stringify(description)).toBe(400);
        expect((await errorOf(refused)).message).toMatch(/^description: /);
      }
      expect(await stored()).toEqual(before);
      expect(((await (await patch({ description: "x".repeat(300) })).json()) as EventBody).description).toHaveLength(
        300,
      );
      expect(((await (await patch({ description: "   " })).json()) as EventBody).description).toBeNull();
      await patch({ description: "again" });
      const cleared = (await (await patch({ description: null, accentColor: null })).json()) as EventBody;
      expect(cleared).toMatchObject({ description: null, accentColor: null });
    });
  });

  describe("logo (PUT, GET, DELETE /api/events/:eventId/logo)", () => {
    it.each([
      ["png", "image/png"],
      ["jpeg", "image/jpeg"],
      ["webp", "image/webp"],
    ] as const)("accepts %s, re-encodes it as PNG within 512×256 and serves it cacheably", async (format, type) => {
      const upload = await image(format, 1600, 400, true);
      const response = await putLogo(upload, type);
      expect(response.status).toBe(200);
      const { logo } = (await response.json()) as EventBody;
      expect(logo).toEqual({
        url: expect.stringMatching(
          new RegExp(`^${getConfig().PUBLIC_URL}/api/events/${eventId}/logo\\?v=[0-9a-f]{16}$`),
        ),
        width: 512,
        height: 128,
      });

      const served = await apiRequest("GET", logo!.url);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/png");
      expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(served.headers.get("x-content-type-options")).toBe("nosniff");
      const etag = served.headers.get("etag")!;
      expect(etag).toBe(`"${new URL(logo!.url).searchParams.get("v")}"`);
      const bytes = new Uint8Array(await served.arrayBuffer());
      expect(Buffer.from(bytes).equals(upload)).toBe(false);
      const metadata = await sharp(bytes).metadata();
      expect(metadata).toMatchObject({ format: "png", width: 512, height: 128 });
      expect(metadata.exif).toBeUndefined();
      expect(Buffer.from(bytes).includes("Secret Person")).toBe(false);

      const again = await apiRequest("GET", logo!.url, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      const unversioned = await apiRequest("GET", `/api/events/${eventId}/logo`);
      expect(unversioned.status).toBe(200);
      expect(unversioned.headers.get("cache-control")).toBe("public, no-cache");
      expect(
        (await apiRequest("GET", `/api/events/${eventId}/logo?v=0000000000000000`)).headers.get("cache-control"),
      ).toBe("public, no-cache");
    });

    it("keeps a small logo's size and a tall one's proportions", async () => {
      const small = (await (await putLogo(await image("png", 120, 60), "image/png")).json()) as EventBody;
      expect(small.logo).toMatchObject({ width: 120, height: 60 });
      const tall = (await (await putLogo(await image("webp", 300, 900), "image/webp")).json()) as EventBody;
      expect(tall.logo).toMatchObject({ width: 85, height: 256 });
    });

    it("refuses SVG, other formats, damaged and oversized images, writing nothing", async () => {
      await putLogo(await image("png", 200, 100), "image/png");
      const before = await stored();
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
      const png = await image("png", 200, 100);
      const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
      // A plain 5000×5000 area: a small file that would take 100 MB to decode.
      const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: "#ffffff" } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(bomb.length).toBeLessThan(1_000_000);
      const cases: Array<[string, Uint8Array | string, string | undefined, number, RegExp]> = [
        ["SVG as SVG", svg, "image/svg+xml", 415, /must be a PNG, JPEG or WebP image \(Content-Type: image\/png/],
        ["SVG posing as PNG", svg, "image/png", 400, /SVG and other markup is not accepted/],
        ["SVG with a byte-order mark", `\ufeff <?xml version="1.0"?>${svg}`, "image/webp", 400, /SVG/],
        ["GIF posing as PNG", gif, "image/png", 400, /must be a PNG, JPEG or WebP image/],
        ["garbage", "definitely not an image", "image/jpeg", 400, /must be a PNG, JPEG or WebP image/],
        ["empty", "", "image/png", 400, /the logo is empty/],
        ["a cut-off PNG", png.subarray(0, png.length / 2), "image/png", 400, /could not be read as a PNG image/],
        ["a PNG header only", png.subarray(0, 16), "image/png", 400, /could not be read as a PNG image/],
        ["too many pixels", bomb, "image/png", 400, /5000×5000 pixels; at most 4096×4096/],
        ["over 1 MB", new Uint8Array(1_000_001), "image/png", 413, /at most 1 MB/],
        ["no Content-Type", png, undefined, 415, /Content-Type/],
        ["JSON", JSON.stringify({ logo: "x" }), "application/json", 415, /Content-Type/],
      ];
      for (const [what, body, type, status, message] of cases) {
        const response = await putLogo(body, type);
        expect(response.status, what).toBe(status);
        expect((await errorOf(response)).message, what).toMatch(message);
      }
      expect(await stored()).toEqual(before);
    });

    it("removes the logo with DELETE, idempotently; the image is gone", async () => {
      const { logo } = (await (await putLogo(await image("png", 200, 100), "image/png")).json()) as EventBody;
      const response = await apiRequest("DELETE", `/api/events/${eventId}/logo`, { token });
      expect(response.status).toBe(200);
      expect(((await response.json()) as EventBody).logo).toBeNull();
      expect(await stored()).toMatchObject({ logoHash: null, logoWidth: null, logoHeight: null, logos: 0 });
      expect((await apiRequest("GET", logo!.url)).status).toBe(404);
      expect((await apiRequest("DELETE", `/api/events/${eventId}/logo`, { token })).status).toBe(200);
    });

    it("answers another organiser's event as an unknown one, and writes nothing", async () => {
      await putLogo(await image("png", 200, 100), "image/png");
      await patch({ accentColor: "#0b63ce", description: "Mine" });
      const before = await stored();
      const png = await image("png", 50, 50);
      const unknown = crypto.randomUUID();
      const attempts = [
        await patch({ accentColor: "#000000", description: "Yours now" }, otherToken),
        await putLogo(png, "image/png", otherToken),
        await apiRequest("DELETE", `/api/events/${eventId}/logo`, { token: otherToken }),
        await putLogo(png, "image/png", token, unknown),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(404);
        expect((await errorOf(response)).message).toBe("event not found");
      }
      expect(await stored()).toEqual(before);
      const anonymous = await apiRequest("PUT", `/api/events/${eventId}/logo`, {
        body: png,
        headers: { "content-type": "image/png" },
      });
      expect(anonymous.status).toBe(401);
    });

    it("answers 404 for an event without a logo or unknown, and 400 for a malformed id", async () => {
      expect((await apiRequest("GET", `/api/events/${crypto.randomUUID()}/logo`)).status).toBe(404);
      expect((await apiRequest("GET", "/api/events/not-an-id/logo")).status).toBe(400);
    });
  });
});
