import { expect, test, type Page, type TestInfo } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { backgroundLuminance, expectAccessible } from "./axe";
import { device, INSTAGRAM_IOS, NAME_PARAM } from "./landing-support";
import { demoOrganiser, eventWithKey, type EventWithKey } from "./organiser";

/**
 * The key link's pages under axe, in English and in Arabic (right to left), in the light and the
 * dark colour scheme: as an iPhone, an Android phone, Instagram's in-app browser and a desktop see
 * a key, and the ended-event, unknown-key and key-form pages. Then dark mode itself: a dark page,
 * white text on an event's accent, a QR code on its light quiet zone (screenshots attached).
 */

/** Accent colours are dark enough for white text, so as link text they are too dark on a dark page. */
const ACCENT = "#8a1538";
let ended: EventWithKey;
let branded: EventWithKey;

test.beforeAll(async ({ browser }) => {
  const organiser = await demoOrganiser(browser);
  ended = await eventWithKey(organiser.api, {
    name: "Autumn Run",
    startsAt: "2025-10-05T08:00:00.000Z",
    endsAt: "2025-10-05T12:00:00.000Z",
  });
  branded = await eventWithKey(organiser.api, { name: "Crimson Run" });
  const patched = await organiser.api.patch(`/api/events/${branded.eventId}`, {
    data: { accentColor: ACCENT, description: "Start 9:00 at the market square." },
  });
  expect(patched.status()).toBe(200);
  await organiser.close();
});

const KEY_PAGE = `/redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`;
const LANGUAGES = [
  { lang: "en", query: "" },
  { lang: "ar", query: "&lang=ar" },
] as const;

/** Opens the key page and waits until the script has settled; a tap keeps an iPhone from forwarding. */
async function openKeyPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("heading", { level: 1 }).click();
}

const setups = [
  { name: "an iPhone", use: device("iPhone 13") },
  { name: "Instagram's in-app browser", use: { ...device("iPhone 13"), userAgent: INSTAGRAM_IOS } },
  { name: "a desktop", use: device("Desktop Chrome") },
];

for (const setup of setups) {
  test.describe(`the key page on ${setup.name}`, () => {
    test.use(setup.use);
    for (const { lang, query } of LANGUAGES) {
      test(`has no serious or critical axe violations (${lang}, light and dark)`, async ({ page }) => {
        await openKeyPage(page, KEY_PAGE + query);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await expectAccessible(page, `${setup.name}, ${lang}`);
        // The language menu's links only show when it is open.
        await page.locator(".languages summary").click();
        await expectAccessible(page, `${setup.name}, ${lang}, language menu open`);
      });
    }
  });
}

test.describe("the key page on an Android phone", () => {
  test.use(device("Pixel 7"));
  for (const { lang, query } of LANGUAGES) {
    test(`has no serious or critical axe violations (${lang}, light and dark)`, async ({ page }) => {
      // The first visit of a tab hands over to the app while loading (no load event in desktop
      // Chromium); a reload stays on the page.
      await page.goto(KEY_PAGE + query, { waitUntil: "commit" });
      await expect(page.locator("body")).toHaveAttribute("data-platform", "android");
      await page.reload();
      await expectAccessible(page, `Android, ${lang}`);
    });
  }
});

test.describe("the pages without a key to open", () => {
  for (const { lang, query } of LANGUAGES) {
    test(`ended event, unknown key and key form have no serious or critical axe violations (${lang})`, async ({
      page,
    }) => {
      expect((await page.goto(`/redeem_key?key=${ended.key}${query}`))?.status()).toBe(410);
      await expect(page.locator("body")).toHaveAttribute("data-event-state", "ended");
      await expectAccessible(page, `ended event, ${lang}`);

      expect((await page.goto(`/redeem_key?key=ZZZZZZ${query}`))?.status()).toBe(404);
      await expect(page.locator("input#key")).toHaveAttribute("aria-invalid", "true");
      await expectAccessible(page, `unknown key, ${lang}`);

      expect((await page.goto(`/redeem_key?${query.slice(1)}`))?.status()).toBe(200);
      await expectAccessible(page, `key form, ${lang}`);
    });
  }
});

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

test.describe("in dark mode on a phone", () => {
  test.use({ ...device("iPhone 13"), colorScheme: "dark" });

  test("the page is dark, and buttons keep white text on the event's accent (screenshots attached)", async ({
    page,
  }, testInfo) => {
    await openKeyPage(page, KEY_PAGE);
    expect(await backgroundLuminance(page)).toBeLessThan(0.05);
    await expect(page.locator("meta[name=color-scheme]")).toHaveAttribute("content", "light dark");
    await attachScreenshot(page, testInfo, "dark-iphone.png");

    await openKeyPage(page, `/redeem_key?key=${branded.key}`);
    expect(await backgroundLuminance(page)).toBeLessThan(0.05);
    const open = page.getByRole("link", { name: "Open in RACEMAP App" });
    await expect(open).toHaveCSS("background-color", "rgb(138, 21, 56)");
    await expect(open).toHaveCSS("color", "rgb(255, 255, 255)");
    await expectAccessible(page, "branded event");
    await attachScreenshot(page, testInfo, "dark-iphone-branded.png");

    await page.emulateMedia({ colorScheme: "light" });
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
  });
});

test.describe("in dark mode on a desktop", () => {
  test.use({ ...device("Desktop Chrome"), colorScheme: "dark" });

  test("the page is dark and the QR code keeps dark modules on a light quiet zone (screenshot attached)", async ({
    page,
    baseURL,
  }, testInfo) => {
    await openKeyPage(page, KEY_PAGE);
    expect(await backgroundLuminance(page)).toBeLessThan(0.05);
    await attachScreenshot(page, testInfo, "dark-desktop.png");
    // Read as a camera app reads it: dark on light only, the page's dark background around it.
    const png = PNG.sync.read(await page.locator(".qr").screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height, { inversionAttempts: "dontInvert" });
    expect(decoded?.data).toBe(`${baseURL}${KEY_PAGE}`);
  });
});
