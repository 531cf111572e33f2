import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
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

/** What a desktop visitor reads above the QR code, in each of the page's languages. */
const CONTINUE_ON_PHONE: Record<string, string> = {
  en: "Continue on your phone",
  de: "Weiter auf deinem Handy",
  fr: "Continuez sur votre téléphone",
  es: "Continúa en tu teléfono",
  it: "Continua sul telefono",
  nl: "Ga verder op je telefoon",
  pt: "Continue no seu celular",
  pl: "Kontynuuj na telefonie",
  cs: "Pokračujte v telefonu",
  sv: "Fortsätt i telefonen",
  da: "Fortsæt på din telefon",
  ar: "تابع على هاتفك",
};

/** The 44 × 44 CSS pixels a finger needs (Apple's Human Interface Guidelines; WCAG 2.5.5). */
async function expectTouchTarget(target: Locator) {
  const box = (await target.boundingBox())!;
  expect(box.width, await target.innerText()).toBeGreaterThanOrEqual(44);
  expect(box.height, await target.innerText()).toBeGreaterThanOrEqual(44);
}

/**
 * Where a block's text sits, from its line boxes (a heading's own box spans the column whatever its
 * direction): the gaps between the text and the column's left and right content edges.
 */
async function textGaps(target: Locator) {
  return target.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    const column = element.closest("main, header")!;
    const style = getComputedStyle(column);
    const box = column.getBoundingClientRect();
    return {
      left: text.left - (box.left + parseFloat(style.paddingLeft)),
      right: box.right - parseFloat(style.paddingRight) - text.right,
    };
  });
}

/** A screenshot kept with the test's results (test-results/…/NAME) and attached to its report. */
async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, options: { fullPage?: boolean } = {}) {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, ...options });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** What a right-to-left layout puts on the right, and what a left-to-right one puts on the left. */
async function layoutOf(page: Page) {
  const x = async (locator: Locator) => (await locator.boundingBox())!.x;
  return {
    heading: await textGaps(page.getByRole("heading", { level: 1 })),
    key: await textGaps(page.locator(".code")),
    /** The brand comes first: right of the language menu when right to left. */
    brandBeforeMenu: (await x(page.locator(".brand"))) > (await x(page.locator("summary"))) ? "rtl" : "ltr",
    /** The start number comes first, then the name. */
    participant:
      (await x(page.locator(".participant > div").first())) > (await x(page.locator(".participant > div").last()))
        ? "rtl"
        : "ltr",
  };
}

test.describe("in the visitor's language", () => {
  test("follows Accept-Language in each of the twelve languages, Arabic right to left", async ({ browser }) => {
    for (const [lang, words] of Object.entries(CONTINUE_ON_PHONE)) {
      const context = await browser.newContext({ ...device("Desktop Chrome"), locale: lang === "pt" ? "pt-BR" : lang });
      const page = await context.newPage();
      const { problems } = await watch(page);
      const response = await page.goto("/redeem_key?key=K84N2S");
      const vary = response?.headers()["vary"]?.split(/\s*,\s*/);
      expect(vary).toEqual(expect.arrayContaining(["Accept-Language", "User-Agent"]));
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
      await expect(page.getByRole("heading", { level: 2, name: words })).toBeVisible();
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test.describe("in German", () => {
    test.use({ ...device("iPhone 13"), locale: "de-DE" });

    test("`lang=` overrides Accept-Language", async ({ page }) => {
      const { problems } = await watch(page);
      await page.goto("/redeem_key?key=K84N2S&lang=it");
      await page.getByRole("heading", { level: 1 }).click(); // a tap: no forward to the App Store
      await expect(page.locator("html")).toHaveAttribute("lang", "it");
      await expect(page.getByRole("link", { name: "Apri in RACEMAP App" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "La tua chiave" })).toBeVisible();
      expect(problems).toEqual([]);
    });

    test("the language menu switches the page and keeps key, startNumber and name; every target fits a finger", async ({
      page,
    }) => {
      const { problems } = await watch(page);
      // 3Z2GPX has no saved participant: the link's start number and name show.
      await page.goto(`/redeem_key?key=3z2gpx&startNumber=7&name=${NAME_PARAM}`);
      await expect(page.locator("html")).toHaveAttribute("lang", "de");
      await expect(page.getByRole("heading", { name: "Dein Schlüssel" })).toBeVisible();
      const menu = page.getByRole("navigation", { name: "Sprache" });
      const summary = menu.locator("summary");
      await expectTouchTarget(summary);
      await summary.click();
      const choices = menu.getByRole("link");
      await expect(choices).toHaveCount(12);
      for (const choice of await choices.all()) {
        await expect(choice).toBeInViewport();
        await expectTouchTarget(choice);
      }
      await expect(menu.getByRole("link", { name: "Deutsch" })).toHaveAttribute("aria-current", "true");

      await menu.getByRole("link", { name: "Français" }).click();
      await page.waitForURL(`/redeem_key?key=3z2gpx&startNumber=7&name=${NAME_PARAM}&lang=fr`);
      await expect(page.locator("html")).toHaveAttribute("lang", "fr");
      await expect(page.getByRole("heading", { name: "Votre clé" })).toBeVisible();
      await expect(page.getByText("Dossard")).toBeVisible();
      await expect(page.getByText(NAME, { exact: true })).toBeVisible();
      await expect(page.getByRole("link", { name: "Ouvrir dans RACEMAP App" })).toHaveAttribute(
        "href",
        `racemap://redeem_key?key=3Z2GPX&startNumber=7&name=${NAME_PARAM}`,
      );
      expect(problems).toEqual([]);
    });
  });

  test.describe("without JavaScript", () => {
    test.use({ ...device("Pixel 7"), javaScriptEnabled: false, locale: "sv-SE" });

    test("the language menu still opens and switches, and the key form keeps the choice", async ({ page }) => {
      await page.goto("/redeem_key?startNumber=7");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ange din nyckel");
      await page.getByRole("navigation", { name: "Språk" }).locator("summary").click();
      await page.getByRole("link", { name: "Polski" }).click();
      await page.waitForURL("/redeem_key?startNumber=7&lang=pl");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wpisz swój klucz");
      await page.getByLabel("Klucz").fill("zzzzzz");
      await page.getByRole("button", { name: "Dalej" }).click();
      await page.waitForURL("/redeem_key?key=zzzzzz&startNumber=7&lang=pl");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nie znamy tego klucza");
    });
  });

  test.describe("in Arabic on an iPhone", () => {
    test.use({ ...device("iPhone 13"), locale: "ar-EG" });

    test("the page is laid out right to left (screenshots attached)", async ({ page }, testInfo) => {
      const { problems } = await watch(page);
      await page.goto(`/redeem_key?key=K84N2S&startNumber=101&name=${NAME_PARAM}`);
      await page.getByRole("heading", { level: 1 }).click(); // a tap: no forward to the App Store
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.getByRole("link", { name: "افتح في RACEMAP App" })).toBeVisible();
      await attachScreenshot(page, testInfo, "arabic-iphone.png");

      const arabic = await layoutOf(page);
      expect(arabic.heading.right).toBeLessThanOrEqual(1); // the heading ends at the column's right edge
      expect(arabic.heading.left).toBeGreaterThan(40);
      expect(arabic.key.right).toBeLessThanOrEqual(1);
      expect(arabic.key.left).toBeGreaterThan(40);
      expect(arabic).toMatchObject({ brandBeforeMenu: "rtl", participant: "rtl" });
      // The primary button's label sits in the middle, the notes start on the right.
      const note = await textGaps(page.getByText("عند النقر يُنسخ رابط مفتاحك", { exact: false }));
      expect(note.right).toBeLessThanOrEqual(1);

      // The menu opens towards the left, inside the screen.
      await page.locator("summary").click();
      for (const choice of await page.getByRole("navigation").getByRole("link").all()) {
        await expect(choice).toBeInViewport({ ratio: 1 });
      }
      await attachScreenshot(page, testInfo, "arabic-iphone-menu.png");

      // The same measures in English, left to right: the layout check tells the directions apart.
      await page.getByRole("link", { name: "English" }).click();
      await page.getByRole("heading", { level: 1 }).click();
      await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
      const english = await layoutOf(page);
      expect(english.heading.left).toBeLessThanOrEqual(1);
      expect(english.heading.right).toBeGreaterThan(40);
      expect(english).toMatchObject({ brandBeforeMenu: "ltr", participant: "ltr" });
      expect(problems).toEqual([]);
    });
  });

  test.describe("in Arabic on a desktop", () => {
    test.use({ ...device("Desktop Chrome"), locale: "ar" });

    test("the page is laid out right to left, QR code and store badges included (screenshot attached)", async ({
      page,
      baseURL,
    }, testInfo) => {
      const { problems } = await watch(page);
      await page.goto(`/redeem_key?key=K84N2S&startNumber=101&name=${NAME_PARAM}`);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await attachScreenshot(page, testInfo, "arabic-desktop.png", { fullPage: true });

      const layout = await layoutOf(page);
      expect(layout.heading.right).toBeLessThanOrEqual(1);
      expect(layout.heading.left).toBeGreaterThan(40);
      expect(layout).toMatchObject({ brandBeforeMenu: "rtl", participant: "rtl" });
      const qr = page.getByRole("img", { name: "رمز QR لرابط مفتاحك" });
      const column = (await page.locator("main").boundingBox())!;
      const qrBox = (await qr.boundingBox())!;
      expect(column.x + column.width - 16 - (qrBox.x + qrBox.width)).toBeLessThanOrEqual(1); // on the right
      expect(qrBox.x - column.x).toBeGreaterThan(100);
      const appStore = (await page.getByRole("link", { name: /App Store/ }).boundingBox())!;
      const play = (await page.getByRole("link", { name: /Google Play/ }).boundingBox())!;
      expect(appStore.x).toBeGreaterThan(play.x); // the first badge on the right
      await expect(page.getByText("احصل عليه من")).toBeVisible();

      // Laid out right to left, the QR code still holds the exact key link.
      const png = PNG.sync.read(await qr.screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(`${baseURL}/redeem_key?key=K84N2S&startNumber=101&name=${NAME_PARAM}`);
      expect(problems).toEqual([]);
    });
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
