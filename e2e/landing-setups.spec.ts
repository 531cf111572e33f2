import { expect, test, type Page } from "@playwright/test";
import { device, INSTAGRAM_ANDROID, INSTAGRAM_IOS, NAME_PARAM, watch } from "./landing-support";
import { demoOrganiser, eventWithKey, saveParticipant, type EventWithKey } from "./organiser";

/**
 * The key link on the setups participants meet it on: ended and upcoming events, keys whose
 * participant the organiser saved, the first tap on an iPhone, a laptop's fold, keys typed with
 * spaces and dashes, touch targets, and addresses that lead nowhere.
 */

let ended: EventWithKey;
let upcoming: EventWithKey;
let named: EventWithKey;

test.beforeAll(async ({ browser }) => {
  const organiser = await demoOrganiser(browser);
  const day = 86_400_000;
  ended = await eventWithKey(organiser.api, {
    name: "Winter Run",
    startsAt: "2025-03-02T08:00:00.000Z",
    endsAt: "2025-03-02T12:00:00.000Z",
  });
  upcoming = await eventWithKey(organiser.api, {
    name: "Spring Run",
    startsAt: new Date(Date.now() + 7 * day).toISOString(),
    endsAt: new Date(Date.now() + 7 * day + 6 * 3_600_000).toISOString(),
  });
  named = await eventWithKey(organiser.api, { name: "Stadtlauf" });
  await saveParticipant(organiser, named, { name: "Jürgen Müller-Lüdenscheidt", startNumber: "101" });
  await organiser.close();
});

test.describe("an event past its redeem grace period, on an iPhone", () => {
  test.use(device("iPhone 13"));

  test("says it ended, with its date, and neither forwards nor offers the app or a store", async ({ page }) => {
    const { problems } = await watch(page);
    const response = await page.goto(`/redeem_key?key=${ended.key}`);
    expect(response?.status()).toBe(410);
    await expect(page.locator("body")).toHaveAttribute("data-event-state", "ended");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Winter Run");
    await expect(page.getByText("This event ended on March 2, 2025.")).toBeVisible();
    await expect(page.getByRole("link", { name: /RACEMAP App|App Store|Google Play|Safari/ })).toHaveCount(0);
    await expect(page.locator('meta[name="apple-itunes-app"]')).toHaveCount(0);
    await page.waitForTimeout(5_000);
    expect(new URL(page.url()).pathname).toBe("/redeem_key");
    expect(problems).toEqual([]);
  });

  test("marks upcoming and live events as such, and keeps offering the app", async ({ page }) => {
    await page.goto(`/redeem_key?key=${upcoming.key}`);
    await expect(page.locator("body")).toHaveAttribute("data-event-state", "upcoming");
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toBeVisible();
    await page.goto("/redeem_key?key=6G615L"); // the demo event has no dates
    await expect(page.locator("body")).toHaveAttribute("data-event-state", "live");
  });
});

test.describe("an event past its redeem grace period, on a desktop", () => {
  test.use(device("Desktop Chrome"));

  test("shows no QR code and no store badges", async ({ page }) => {
    expect((await page.goto(`/redeem_key?key=${ended.passcode}`))?.status()).toBe(410);
    await expect(page.locator("body")).toHaveAttribute("data-event-state", "ended");
    await expect(page.getByText("This event ended on March 2, 2025.")).toBeVisible();
    await expect(page.locator("svg, .badge, .code, script")).toHaveCount(0);
  });
});

test.describe("a key whose participant the organiser saved", () => {
  test.use(device("iPhone 13"));

  test("shows the saved participant with or without link values, as the app gets it on redeeming", async ({
    page,
    request,
  }) => {
    const shown = page.locator(".participant dd");
    await page.goto(`/redeem_key?key=${named.key}`);
    await expect(shown).toHaveText(["101", "Jürgen Müller-Lüdenscheidt"]);
    await page.goto(`/redeem_key?key=${named.key}&name=Somebody%20Else&startNumber=7`);
    await expect(shown).toHaveText(["101", "Jürgen Müller-Lüdenscheidt"]);

    const redeemed = await request.post("/api/starters/actions/redeem_key", {
      data: { key: named.key, deviceId: "e2e-saved-participant", name: "Somebody Else", startNumber: "7" },
    });
    expect(redeemed.status()).toBe(200);
    expect((await redeemed.json()).starter).toMatchObject({ startNumber: "101", name: "Jürgen Müller-Lüdenscheidt" });

    // Nothing saved (the demo's 3Z2GPX): the link's values fill in.
    await page.goto(`/redeem_key?key=3Z2GPX&name=Somebody%20Else&startNumber=7`);
    await expect(shown).toHaveText(["7", "Somebody Else"]);
  });
});

/** Every element's position on the page, to tell whether anything moved. */
const positions = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.body.querySelectorAll("*"), (element, i) => {
      const { x, y } = element.getBoundingClientRect();
      return `${i} ${element.tagName} ${Math.round(x)},${Math.round(y)}`;
    }),
  );

test.describe("the first tap on an iPhone", () => {
  test.use(device("iPhone 13"));

  test("moves nothing under the finger: one tap on Copy key copies the key link", async ({
    page,
    context,
    baseURL,
  }) => {
    const { problems } = await watch(page);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.goto("/redeem_key?key=3Z2GPX");
    const note = page.getByText("Without a tap, the App Store opens in a few seconds.");
    await expect(note).toBeVisible(); // the automatic forward is on: the first touch stops it
    const copy = page.getByRole("button", { name: "Copy key" });
    await expect(copy).toBeVisible();
    await page.evaluate(() => {
      const shifts: number[] = ((window as unknown as { shifts: number[] }).shifts = []);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
      }).observe({ type: "layout-shift" });
    });
    const before = await positions(page);

    await copy.tap();
    await expect(page.getByRole("status")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/redeem_key?key=3Z2GPX`);
    await expect(note).toBeHidden();
    expect(await positions(page)).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);

    await page.waitForTimeout(5_000);
    expect(new URL(page.url()).pathname).toBe("/redeem_key"); // the tap kept the page
    expect(problems).toEqual([]);
  });
});

test.describe("on a laptop", () => {
  test.use(device("Desktop Chrome"));

  for (const [width, height] of [
    [1366, 768],
    [1280, 720],
  ] as const) {
    test(`at ${width}×${height} the QR code to scan is above the fold and first, the key to type second`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`/redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`);
      const qr = page.getByRole("img", { name: "QR code of your key link" });
      await expect(qr).toBeInViewport({ ratio: 1 });
      await expect(page.getByText("Scan with your phone’s camera")).toBeInViewport({ ratio: 1 });
      const qrBox = (await qr.boundingBox())!;
      const keyBox = (await page.locator(".code").boundingBox())!;
      expect(qrBox.y + qrBox.height).toBeLessThanOrEqual(height);
      expect(keyBox.y).toBeGreaterThan(qrBox.y + qrBox.height);
    });
  }
});

test.describe("keys typed with spaces and dashes", () => {
  test("work in the form, the link and the API", async ({ page, request }) => {
    await page.goto("/redeem_key");
    await page.getByLabel("Key").fill("6G6 15L");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Easy QR Code Run");
    await expect(page.locator(".code")).toHaveText("6G615L");

    expect((await page.goto("/redeem_key?key=6G6-15L"))?.status()).toBe(200);
    await expect(page.locator(".code")).toHaveText("6G615L");

    for (const key of ["6G6 15L", "6G6-15L"]) {
      const resolved = await request.get(`/api/starters/actions/resolve_key?key=${encodeURIComponent(key)}`);
      expect(resolved.status(), key).toBe(200);
      expect(await resolved.json()).toMatchObject({ kind: "passcode", event: { name: "Easy QR Code Run" } });
    }
  });

  test("the passcode's copy button says passcode and copies it", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.goto("/redeem_key?key=6G615L");
    await expect(page.getByRole("button", { name: "Copy key" })).toHaveCount(0);
    await page.getByRole("button", { name: "Copy passcode" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("6G615L");
  });
});

const PHONES = [
  { name: "iPhone", use: device("iPhone 13") },
  { name: "Android", use: device("Pixel 7") },
  { name: "Instagram on an iPhone", use: { ...device("iPhone 13"), userAgent: INSTAGRAM_IOS } },
  { name: "Instagram on Android", use: { ...device("Pixel 7"), userAgent: INSTAGRAM_ANDROID } },
];

for (const phone of PHONES) {
  test.describe(`touch targets, ${phone.name}`, () => {
    test.use(phone.use);

    test("every link, button and field is at least 44×44 px, the language switch included", async ({ page }) => {
      // The store pages are answered locally; the Android key page follows its intent while loading.
      await page.route(/^https:\/\/(apps\.apple\.com|play\.google\.com)\//, (route) => route.fulfill({ body: "" }));
      for (const path of [
        "/redeem_key?key=K84N2S",
        "/redeem_key?key=6G615L",
        "/redeem_key",
        "/redeem_key?key=ZZZZZZ",
      ]) {
        await page.goto(path, { waitUntil: "commit" });
        await page.locator("body").waitFor();
        // The language menu's links count too: open it (a tap on Android would also stop its forward).
        await page.evaluate(() => document.querySelectorAll("details").forEach((menu) => (menu.open = true)));
        await expect(page.getByRole("link", { name: "Deutsch" })).toBeVisible();
        const small = await page.evaluate(() =>
          Array.from(document.querySelectorAll("a, button, input, select, textarea, summary"))
            .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== "hidden")
            .map((element) => ({ element, box: element.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 44 || box.height < 44)
            .map(({ element, box }) => `${element.outerHTML.slice(0, 60)} ${box.width}×${box.height}`),
        );
        expect(small, path).toEqual([]);
      }
    });
  });
}

test.describe("the product's own files and pages", () => {
  test("a favicon and a logo are served, and the landing page shows the same icon", async ({ page, request }) => {
    for (const [path, type] of [
      ["/favicon.ico", "image/x-icon"],
      ["/icon.svg", "image/svg+xml"],
      ["/logo.svg", "image/svg+xml"],
    ] as const) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["content-type"], path).toContain(type);
    }
    // The landing page inlines the same icon: it stays one request.
    await page.goto("/redeem_key?key=K84N2S");
    const icon = (await page.locator('link[rel="icon"]').getAttribute("href"))!;
    expect(icon.startsWith("data:image/svg+xml,")).toBe(true);
    const served = (await (await request.get("/icon.svg")).text()).trim();
    expect(decodeURIComponent(icon.slice("data:image/svg+xml,".length))).toBe(served.replace(/"/g, "'"));
  });

  test("an address that leads nowhere gets the product's 404 page, with the way to a key", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("img", { name: "Racekeys" })).toBeVisible();
    expect(
      await page.getByRole("img", { name: "Racekeys" }).evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await expect(page.getByText("This page could not be found")).toHaveCount(0);
    await page.getByRole("link", { name: "Enter your key" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your key");
  });
});
