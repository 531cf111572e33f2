import { devices, expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "../playwright.config";

/**
 * An event's own app (white label), end to end: the organiser names it in the dashboard, and
 * phones opening that event's key links are handed over to it and its stores, while another
 * event's links keep the default app. Runs after landing.spec.ts, whose association-file test
 * expects the default app alone.
 */
test.setTimeout(180_000);

const device = (name: string) => {
  const { defaultBrowserType: _browser, ...descriptor } = devices[name]!;
  return descriptor;
};
const EVENT_NAME = `Alpine Trail ${Date.now().toString(36)}`;
const fingerprint = (byte: string) => Array.from({ length: 32 }, () => byte).join(":");
const APP = {
  name: "Alpine Trail App",
  iosAppStoreId: "6447012345",
  iosBundleId: "ch.alpine-trail.app",
  appleTeamId: "TRAIL12345",
  androidPackage: "ch.alpine_trail.app",
  fingerprints: [fingerprint("AB"), fingerprint("CD")],
  urlScheme: "alpinetrail",
};
const APP_STORE = `https://apps.apple.com/app/id${APP.iosAppStoreId}`;
const DEFAULT_APP_STORE = "https://apps.apple.com/app/id1061429592";

/**
 * A phone in its own context. Store requests are answered locally (no internet here); what the
 * page tried to open outside the web (an app scheme, an intent) is collected in `launches`.
 */
async function phone(browser: Browser, name: string, baseURL: string) {
  const context = await browser.newContext({ ...device(name), baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  const launches = new Set<string>();
  const launched = (url: string) => launches.add(url.replace(/#.*$/, ""));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const launch = /^(?:Not allowed to launch|Failed to launch) '([^']+)'/.exec(message.text());
    if (launch) launched(launch[1]!);
    else problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`script: ${error.message}`));
  page.on("request", (request) => {
    if (!/^https?:/.test(request.url())) launched(request.url());
  });
  await page.route(/^https:\/\/(apps\.apple\.com|play\.google\.com)\//, (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>store</title>" }),
  );
  return { page, problems, launches, close: () => context.close() };
}

async function signIn(page: Page): Promise<void> {
  await page.goto("/dashboard");
  await page.getByLabel("Email").fill("demo@racekeys.local");
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("an event's key links hand over to the app the organiser named for it", async ({ page, browser, baseURL }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  let key = "";

  await test.step("the organiser creates an event and names its app in the dashboard", async () => {
    await signIn(page);
    await page.goto("/dashboard/events/new");
    await page.getByLabel("Event name").fill(EVENT_NAME);
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: EVENT_NAME })).toBeVisible();
    const form = page.getByRole("form", { name: "Own app" });
    await expect(page.getByText("Key links of this event hand over to the default app, RACEMAP App")).toBeVisible();

    await form.getByLabel("App name").fill(APP.name);
    await form.getByLabel("App Store ID").fill(`id${APP.iosAppStoreId}`);
    await form.getByLabel("URL scheme").fill("javascript");
    await form.getByLabel("iOS bundle ID").fill(APP.iosBundleId);
    await form.getByLabel("Apple Team ID").fill(APP.appleTeamId);
    await form.getByLabel("Android package").fill(APP.androidPackage);
    await form.getByLabel("Android SHA-256 certificate fingerprints").fill(`${APP.fingerprints[0]}, AB:CD`);
    await form.getByRole("button", { name: "Save app" }).click();
    await expect(form.getByRole("status")).toHaveText("Please correct the marked fields.");
    await expect(form.getByText("Must be the app's Apple ID")).toBeVisible();
    await expect(form.getByText("Must be the app's own scheme")).toBeVisible();
    await expect(form.getByText("Fingerprint 2 must be a SHA-256 certificate fingerprint")).toBeVisible();
    await expect(form.getByLabel("URL scheme")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("App Store ID").fill(APP.iosAppStoreId);
    await form.getByLabel("URL scheme").fill(APP.urlScheme);
    await form.getByLabel("Android SHA-256 certificate fingerprints").fill(APP.fingerprints.join(", ").toLowerCase());
    await form.getByRole("button", { name: "Save app" }).click();
    await expect(form.getByRole("status")).toHaveText(`Key links of this event now hand over to ${APP.name}.`);
    await page.reload();
    await expect(page.getByText(`Key links of this event hand over to ${APP.name}`)).toBeVisible();
    await expect(page.getByLabel("Android SHA-256 certificate fingerprints")).toHaveValue(APP.fingerprints.join(", "));

    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Keys" }).click();
    await page.getByLabel("Number of new keys").fill("1");
    await page.getByRole("button", { name: "Mint keys" }).click();
    await expect(page.getByText("Minted 1 new key")).toBeVisible();
    key = (await page.locator("tbody th.key").first().textContent())!.trim();
    expect(key).toMatch(/^[0-9A-Z]{6}$/);
  });

  await test.step("an iPhone opening the key link is offered that app and its App Store page", async () => {
    const iphone = await phone(browser, "iPhone 13", baseURL!);
    const { page: p } = iphone;
    await p.goto(`/redeem_key?key=${key}&name=Zo%C3%AB`);
    await expect(p.getByRole("heading", { level: 1 })).toHaveText(EVENT_NAME);
    await expect(p.locator('meta[name="apple-itunes-app"]')).toHaveAttribute(
      "content",
      `app-id=${APP.iosAppStoreId}, app-argument=${baseURL}/redeem_key?key=${key}&name=Zo%C3%AB`,
    );
    const open = p.getByRole("link", { name: `Open in ${APP.name}` });
    await expect(open).toHaveAttribute("href", `${APP.urlScheme}://redeem_key?key=${key}&name=Zo%C3%AB`);
    await expect(p.getByRole("link", { name: "Get it on the App Store" })).toHaveAttribute("href", APP_STORE);
    await expect(p.getByText("RACEMAP")).toHaveCount(0);
    // Chromium has no app for the scheme, like an iPhone without the app: on to the event app's store page.
    await open.click();
    await p.waitForURL(APP_STORE);
    expect([...iphone.launches]).toEqual([`${APP.urlScheme}://redeem_key?key=${key}&name=Zo%C3%AB`]);
    expect(iphone.problems).toEqual([]);
    await iphone.close();
  });

  await test.step("an Android phone follows the intent of that app, with its Play page as fallback", async () => {
    const android = await phone(browser, "Pixel 7", baseURL!);
    const { page: p } = android;
    const host = new URL(baseURL!).host;
    const play = `https://play.google.com/store/apps/details?id=${APP.androidPackage}&referrer=${encodeURIComponent(`key=${key}`)}`;
    const intent =
      `intent://${host}/redeem_key?key=${key}#Intent;scheme=http;package=${APP.androidPackage};` +
      `S.browser_fallback_url=${encodeURIComponent(play)};end`;
    await p.goto(`/redeem_key?key=${key}`, { waitUntil: "commit" });
    await expect(p.getByRole("link", { name: `Open in ${APP.name}` })).toHaveAttribute("href", intent);
    await expect(p.getByRole("link", { name: "Get it on Google Play" })).toHaveAttribute("href", play);
    await expect.poll(() => [...android.launches]).toEqual([`intent://${host}/redeem_key?key=${key}`]);
    expect(android.problems).toEqual([]);
    await android.close();
  });

  await test.step("another event's key link still hands over to the default app", async () => {
    const iphone = await phone(browser, "iPhone 13", baseURL!);
    await iphone.page.goto("/redeem_key?key=3Z2GPX");
    await expect(iphone.page.getByRole("link", { name: "Open in RACEMAP App" })).toHaveAttribute(
      "href",
      "racemap://redeem_key?key=3Z2GPX",
    );
    await expect(iphone.page.getByRole("link", { name: "Get it on the App Store" })).toHaveAttribute(
      "href",
      DEFAULT_APP_STORE,
    );
    await expect(iphone.page.getByText(APP.name)).toHaveCount(0);
    await iphone.close();
  });

  await test.step("the association files list the default app and the event's", async () => {
    const apple = await page.request.get("/.well-known/apple-app-site-association", { maxRedirects: 0 });
    expect((await apple.json()).applinks.details[0].appIDs).toEqual([
      "ABCDE12345.com.racemap.app",
      `${APP.appleTeamId}.${APP.iosBundleId}`,
    ]);
    const android = await page.request.get("/.well-known/assetlinks.json", { maxRedirects: 0 });
    expect(
      ((await android.json()) as Array<{ target: { package_name: string; sha256_cert_fingerprints: string[] } }>).map(
        ({ target }) => [target.package_name, target.sha256_cert_fingerprints.length],
      ),
    ).toEqual([
      ["com.racemap.app", 1],
      [APP.androidPackage, 2],
    ]);
  });

  await test.step("the organiser goes back to the default app", async () => {
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Overview" }).click();
    await page.getByRole("button", { name: "Use the default app" }).click();
    await expect(page.getByText("Key links of this event hand over to the default app, RACEMAP App")).toBeVisible();
    const apple = await page.request.get("/.well-known/apple-app-site-association");
    expect((await apple.json()).applinks.details[0].appIDs).toEqual(["ABCDE12345.com.racemap.app"]);
  });
  expect(pageErrors).toEqual([]);
});
