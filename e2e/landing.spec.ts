import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import {
  APP_STORE,
  device,
  INSTAGRAM_ANDROID,
  INSTAGRAM_IOS,
  MAC_SAFARI,
  NAME,
  NAME_PARAM,
  SLACKBOT,
  watch,
} from "./landing-support";

test.describe("on an iPhone", () => {
  test.use(device("iPhone 13"));

  test("offers the app and the App Store, copies the key link on a tap, and forwards to the store", async ({
    page,
    context,
    baseURL,
  }) => {
    const { problems } = await watch(page);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const response = await page.goto(`/redeem_key?key=k84n2s&startNumber=1&name=${NAME_PARAM}`);
    expect(response?.status()).toBe(200);
    const link = `${baseURL}/redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`;

    await expect(page.locator("body")).toHaveAttribute("data-platform", "ios");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Easy QR Code Run");
    // The organiser saved start number 1 and name Peter for K84N2S: saved data wins over the link's.
    await expect(page.locator(".participant dd")).toHaveText(["1", "Peter"]);
    await expect(page.locator('meta[name="apple-itunes-app"]')).toHaveAttribute(
      "content",
      `app-id=1061429592, app-argument=${link}`,
    );
    const open = page.getByRole("link", { name: "Open in RACEMAP App" });
    await expect(open).toHaveAttribute("href", `racemap://redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`);
    await expect(page.getByRole("link", { name: "Get it on the App Store" })).toHaveAttribute("href", APP_STORE);
    await expect(page.locator(".qr")).toHaveCount(0);
    // One document, no framework: the page's only request is itself.
    expect(requests).toEqual([`${baseURL}/redeem_key?key=k84n2s&startNumber=1&name=${NAME_PARAM}`]);

    // Chromium has no app for racemap://, like an iPhone without the app: the page stays, and moves on to the store.
    await open.click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.waitForURL(APP_STORE);
    expect(problems).toEqual([]);
  });

  test("without a tap, goes on to the App Store by itself, once per tab", async ({ page }) => {
    const { problems } = await watch(page);
    await page.goto("/redeem_key?key=K84N2S");
    await expect(page.getByText("Without a tap, the App Store opens in a few seconds.")).toBeVisible();
    await page.waitForURL(APP_STORE, { timeout: 10_000 });
    // Back from the store (say, after installing), the page stays for the tap that takes the key along.
    await page.goBack();
    await expect(page.getByText("Without a tap, the App Store opens in a few seconds.")).toBeHidden();
    await page.waitForTimeout(5_000);
    expect(new URL(page.url()).pathname).toBe("/redeem_key");
    expect(problems).toEqual([]);
  });

  test("stays when the visitor acts before the forward", async ({ page }) => {
    const { problems } = await watch(page);
    await page.goto("/redeem_key?key=3Z2GPX");
    await page.getByRole("heading", { level: 1 }).click();
    await expect(page.getByText("Without a tap, the App Store opens in a few seconds.")).toBeHidden();
    await page.waitForTimeout(5_000);
    expect(new URL(page.url()).pathname).toBe("/redeem_key");
    expect(problems).toEqual([]);
  });

  test("is readable on a 320 px wide phone", async ({ page }) => {
    const { problems } = await watch(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`/redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toBeInViewport();
    expect(problems).toEqual([]);
  });
});

test.describe("on an Android phone", () => {
  test.use(device("Pixel 7"));

  test("follows the intent with the Play fallback by itself and behind the primary button", async ({
    page,
    baseURL,
  }) => {
    const { problems, launches } = await watch(page);
    const host = new URL(baseURL!).host;
    const referrer = encodeURIComponent(`key=K84N2S&startNumber=007&name=${NAME_PARAM}`);
    const play = `https://play.google.com/store/apps/details?id=com.racemap.app&referrer=${referrer}`;
    const intent =
      `intent://${host}/redeem_key?key=K84N2S&startNumber=007&name=${NAME_PARAM}` +
      `#Intent;scheme=http;package=com.racemap.app;S.browser_fallback_url=${encodeURIComponent(play)};end`;

    // The page navigates to the intent while loading, so its load event never comes in desktop Chromium.
    await page.goto(`/redeem_key?key=K84N2S&startNumber=007&name=${NAME_PARAM}`, { waitUntil: "commit" });
    await expect(page.locator("body")).toHaveAttribute("data-platform", "android");
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toHaveAttribute("href", intent);
    await expect(page.getByRole("link", { name: "Get it on Google Play" })).toHaveAttribute("href", play);
    await expect(page.locator(".participant dd")).toHaveText(["1", "Peter"]); // saved data wins over the link's
    const attempted = intent.slice(0, intent.indexOf("#"));
    await expect.poll(() => [...launches]).toEqual([attempted]);

    // Once per tab: a reload (coming back from the store) does not send the visitor off again.
    await page.reload({ waitUntil: "commit" });
    await expect(page.locator("body")).toHaveAttribute("data-platform", "android");
    await page.waitForTimeout(500);
    expect([...launches]).toEqual([attempted]);
    expect(problems).toEqual([]);
  });
});

test.describe("on a desktop", () => {
  test.use(device("Desktop Chrome"));

  test("shows a QR code of the exact key link, the store badges and the key", async ({ page, baseURL }) => {
    const { problems } = await watch(page);
    await page.goto(`/redeem_key?key=k84n2s&startNumber=1&name=${NAME_PARAM}`);
    await expect(page.locator("body")).toHaveAttribute("data-platform", "desktop");
    await expect(page.getByText("Scan with your phone’s camera")).toBeVisible();
    await expect(page.locator(".code")).toHaveText("K84N2S");
    await expect(page.getByRole("link", { name: /App Store/ })).toHaveAttribute("href", APP_STORE);
    await expect(page.getByRole("link", { name: /Google Play/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toBeHidden();

    const png = PNG.sync.read(await page.getByRole("img", { name: "QR code of your key link" }).screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(`${baseURL}/redeem_key?key=K84N2S&startNumber=1&name=${NAME_PARAM}`);
    expect(problems).toEqual([]);
  });

  test("copies the key with its button", async ({ page, context, baseURL }) => {
    const { problems } = await watch(page);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.goto("/redeem_key?key=3z2gpx");
    await page.getByRole("button", { name: "Copy key" }).click();
    await expect(page.getByRole("status")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("3Z2GPX");
    expect(problems).toEqual([]);
  });
});

test.describe("on an iPad asking for the desktop site", () => {
  test.use({ ...device("iPad Pro 11"), userAgent: MAC_SAFARI });

  test("switches to the iOS experience by its touch points", async ({ page }) => {
    const { problems } = await watch(page);
    // Chromium's touch emulation reports one touch point; an iPad has five.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "maxTouchPoints", { get: () => 5 }));
    await page.goto("/redeem_key?key=K84N2S");
    await expect(page.locator("body")).toHaveAttribute("data-platform", "ios");
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toBeVisible();
    await expect(page.locator(".qr")).toBeHidden();
    expect(problems).toEqual([]);
  });
});

test.describe("in an in-app browser", () => {
  test.use({ ...device("iPhone 13"), userAgent: INSTAGRAM_IOS });

  test("leaves for Safari as its one primary action, and offers nothing that cannot work there", async ({
    page,
    baseURL,
  }) => {
    const { problems } = await watch(page);
    await page.goto("/redeem_key?key=6G615L");
    await expect(page.locator("body")).toHaveAttribute("data-inapp", "true");
    await expect(page.getByText("Open in browser")).toBeVisible();
    const safari = page.getByRole("link", { name: "Open in Safari" });
    await expect(safari).toHaveAttribute("href", `x-safari-${baseURL}/redeem_key?key=6G615L`);
    await expect(page.locator(".primary")).toHaveCount(1);
    await expect(safari).toHaveClass(/\bprimary\b/);
    const box = (await safari.boundingBox())!;
    const content = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBe(content.width); // the full width of the content
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /App Store/ })).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 2 })).toContainText(["Event passcode"]);
    await page.waitForTimeout(5_000);
    expect(new URL(page.url()).pathname).toBe("/redeem_key"); // no automatic forward
    expect(problems).toEqual([]);
  });
});

test.describe("in an Android in-app browser", () => {
  test.use({ ...device("Pixel 7"), userAgent: INSTAGRAM_ANDROID });

  test("leaves for the phone's browser as its one primary action, and launches nothing by itself", async ({
    page,
    baseURL,
  }) => {
    const { problems, launches } = await watch(page);
    await page.goto("/redeem_key?key=K84N2S");
    await expect(page.locator("body")).toHaveAttribute("data-inapp", "true");
    await expect(page.getByText("Open in browser")).toBeVisible();
    const browser = page.getByRole("link", { name: "Open in your browser" });
    await expect(browser).toHaveAttribute(
      "href",
      `intent://${new URL(baseURL!).host}/redeem_key?key=K84N2S#Intent;scheme=http;action=android.intent.action.VIEW;end`,
    );
    await expect(page.locator(".primary")).toHaveCount(1);
    await expect(browser).toHaveClass(/\bprimary\b/);
    await expect(page.getByRole("link", { name: "Open in RACEMAP App" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Google Play/ })).toHaveCount(0);
    await page.waitForTimeout(500);
    expect([...launches]).toEqual([]); // webviews show an error page for intents nobody tapped
    expect(problems).toEqual([]);
  });
});

test.describe("for a link-preview bot", () => {
  test.use({ userAgent: SLACKBOT });

  test("serves preview tags and text without script or forward", async ({ page }) => {
    const { problems } = await watch(page);
    await page.goto("/redeem_key?key=K84N2S");
    await expect(page.locator("body")).toHaveAttribute("data-platform", "bot");
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
      "content",
      "Join Easy QR Code Run live tracking",
    );
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");
    await expect(page.locator("script")).toHaveCount(0);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe("/redeem_key");
    expect(problems).toEqual([]);
  });
});

test.describe("the key form", () => {
  test("leads from a typo through the unknown-key page to the event", async ({ page }) => {
    const { problems } = await watch(page);
    expect((await page.goto("/redeem_key"))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your key");

    await page.getByLabel("Key").fill("zzzzzz");
    const [unknown] = await Promise.all([
      page.waitForResponse(/\/redeem_key\?/),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    expect(unknown.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We don’t know this key");
    await expect(page.getByLabel("Key")).toHaveValue("zzzzzz");

    await page.getByLabel("Key").fill("k84n2s");
    const [found] = await Promise.all([
      page.waitForResponse(/\/redeem_key\?/),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    expect(found.status()).toBe(200);
    expect(new URL(page.url()).search).toBe("?key=k84n2s");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Easy QR Code Run");
    expect(problems).toEqual([]);
  });

  test("answers a malformed key with 400 and the form", async ({ page }) => {
    const { problems } = await watch(page);
    expect((await page.goto("/redeem_key?key=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"))?.status()).toBe(400);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This is not a key");
    await expect(page.getByLabel("Key")).toHaveValue('"><script>alert(1)</script>');
    expect(problems).toEqual([]);
  });
});

test.describe("in German", () => {
  test.use({ locale: "de-DE" });

  test("follows Accept-Language and switches to English on request", async ({ page }) => {
    const { problems } = await watch(page);
    // 3Z2GPX has no saved name: the link's shows, and the switch carries it.
    await page.goto(`/redeem_key?key=3Z2GPX&name=${NAME_PARAM}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { name: "Dein Schlüssel" })).toBeVisible();
    await expect(page.getByText("Mit der Kamera deines Handys scannen")).toBeVisible();
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Your key" })).toBeVisible();
    await expect(page.getByText(NAME, { exact: true })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test("the deep-link association files answer 200 directly with JSON", async ({ request }) => {
  const apple = await request.get("/.well-known/apple-app-site-association", { maxRedirects: 0 });
  expect(apple.status()).toBe(200);
  expect(apple.headers()["content-type"]).toBe("application/json");
  expect(await apple.json()).toEqual({
    applinks: {
      details: [
        { appIDs: ["ABCDE12345.com.racemap.app"], components: [expect.objectContaining({ "/": "/redeem_key*" })] },
      ],
    },
  });
  const android = await request.get("/.well-known/assetlinks.json", { maxRedirects: 0 });
  expect(android.status()).toBe(200);
  expect(android.headers()["content-type"]).toBe("application/json");
  expect(await android.json()).toEqual([
    {
      relation: ["delegate_permission/common.handle_all_urls"],
      target: {
        namespace: "android_app",
        package_name: "com.racemap.app",
        sha256_cert_fingerprints: [expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)],
      },
    },
  ]);
});
