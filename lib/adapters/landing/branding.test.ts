import { gzipSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/platform/config";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { MESSAGES, say } from "./i18n";
import { openTestDatabase, type TestDatabase } from "@/testing/database";

const DESKTOP =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
const HOSTILE = `"><script>alert(1)</script> Zoë's`;

/**
 * The landing page of a branded event, set up as an organiser would through the API and opened
 * through the real route: accent colour, description and logo on the page and in its preview tags.
 */
describe("the landing page of a branded event", () => {
  let database: TestDatabase;
  let token: string;
  let addresses = 0;
  const publicUrl = getConfig().PUBLIC_URL;

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    ({ token } = await newOrganiser(database.db));
  });
  afterAll(async () => database?.close());

  /** A new event with one key, branded as given; the logo is a 1000×500 PNG. */
  async function brandedKey(name: string, branding: Record<string, unknown>, logo: boolean) {
    const event = (await (await apiRequest("POST", "/api/events", { token, json: { name } })).json()) as {
      id: string;
    };
    if (Object.keys(branding).length) {
      expect((await apiRequest("PATCH", `/api/events/${event.id}`, { token, json: branding })).status).toBe(200);
    }
    let logoUrl: string | undefined;
    if (logo) {
      const png = await sharp({ create: { width: 1000, height: 500, channels: 4, background: "#8a1538" } })
        .png()
        .toBuffer();
      const response = await apiRequest("PUT", `/api/events/${event.id}/logo`, {
        token,
        body: png,
        headers: { "content-type": "image/png" },
      });
      logoUrl = ((await response.json()) as { logo: { url: string } }).logo.url;
    }
    const minted = await apiRequest("POST", `/api/events/${event.id}/actions/generate_starter_keys?count=1`, {
      token,
    });
    const [{ key }] = (await minted.json()) as [{ key: string }];
    return { eventId: event.id, key, logoUrl };
  }

  const open = async (query: string, userAgent = DESKTOP) => {
    const response = await apiRequest("GET", `/redeem_key${query}`, {
      headers: { "user-agent": userAgent, [SOCKET_ADDRESS_HEADER]: `192.0.2.${++addresses}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const meta = (html: string, property: string) =>
    new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];

  it("shows the accent colour, the description and the logo, and previews them", async () => {
    const description = `Start 9:00 at the market square.\nBring your phone. ${HOSTILE}`;
    const { eventId, key, logoUrl } = await brandedKey("Stadtlauf", { accentColor: "#8A1538", description }, true);
    const version = new URL(logoUrl!).searchParams.get("v");
    expect(logoUrl).toBe(`${publicUrl}/api/events/${eventId}/logo?v=${version}`);

    for (const agent of [DESKTOP, IPHONE, SLACK]) {
      const html = await open(`?key=${key}`, agent);
      expect(html).toMatch(/<style nonce="[^"]+">[^<]*:root\{--accent:#8a1538\}<\/style>/);
      expect(html).toContain(
        `<p class="brand"><img class="logo" src="/api/events/${eventId}/logo?v=${version}" alt="Stadtlauf" width="512" height="256">`,
      );
      expect(html).toContain(
        '<h1>Stadtlauf</h1><p class="description">Start 9:00 at the market square.\nBring your phone. ' +
          "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Zoë&#39;s</p>",
      );
      expect(html).not.toContain("<script>alert");
      const oneLine =
        "Start 9:00 at the market square. Bring your phone. &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Zoë&#39;s";
      expect(meta(html, "description")).toBe(oneLine);
      expect(meta(html, "og:description")).toBe(oneLine);
      expect(meta(html, "twitter:description")).toBe(oneLine);
      expect(meta(html, "og:title")).toBe("Join Stadtlauf live tracking");
      expect(meta(html, "og:image")).toBe(logoUrl);
      expect(meta(html, "twitter:image")).toBe(logoUrl);
      expect([meta(html, "og:image:width"), meta(html, "og:image:height")]).toEqual(["512", "256"]);
    }

    // What a link preview's crawler fetches: the logo, from our origin, cacheable for good.
    const image = await apiRequest("GET", logoUrl!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await sharp(new Uint8Array(await image.arrayBuffer())).metadata()).toMatchObject({
      format: "png",
      width: 512,
      height: 256,
    });
  });

  it("looks as before for an event without branding: default accent, no description, no logo or og:image", async () => {
    const { key } = await brandedKey("Plain Run", {}, false);
    const html = await open(`?key=${key}`);
    expect(html).not.toContain(":root{--accent:#");
    expect(html).toContain(":root{--ink:#14213d;--muted:#4a5568;--accent:#0b63ce;");
    expect(html).not.toMatch(/class="(logo|description)"|og:image|twitter:image/);
    expect(meta(html, "og:description")).toBe(say(MESSAGES.en, "description", { app: getConfig().APP_NAME }));
  });

  it("stays under 20 KB gzipped without the logo for the heaviest branded page", async () => {
    const { key } = await brandedKey(
      "Zoë 🏃 O'Brien <Marathon> ".repeat(7).slice(0, 200),
      { accentColor: "#000000", description: `${'Ünïcödé & <markup> "quoted" 🏃 '.repeat(10)}`.slice(0, 300) },
      true,
    );
    const name = encodeURIComponent("Zoë 🏃 O'Brien ".repeat(13));
    const html = await open(`?key=${key}&startNumber=12345&name=${name}`, DESKTOP);
    const compressed = gzipSync(html).length;
    console.info(`branded landing page (desktop, ${html.length} characters): ${compressed} bytes gzip`);
    expect(compressed).toBeLessThan(20 * 1024);
  });
});
