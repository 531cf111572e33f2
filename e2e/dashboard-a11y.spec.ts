import { expect, test, type Page } from "@playwright/test";
import { backgroundLuminance, expectAccessible } from "./axe";
import { DEMO_EMAIL, signIn } from "./organiser";

/**
 * Every dashboard page under axe, in the light and the dark colour scheme, as the demo organiser
 * sees it (its sample event has keys and participants): the sign-in page (with a refused password
 * too), the event list, a new event, the event and its keys, a key, participants, labels,
 * statistics, the account, and the 404 pages in and outside the dashboard.
 */

/** The pages of the demo event, found from the event list. */
async function demoEventPaths(page: Page): Promise<{ event: string; key: string }> {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Easy QR Code Run" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Easy QR Code Run" })).toBeVisible();
  const event = new URL(page.url()).pathname;
  await page.goto(`${event}/keys`);
  const hrefs = await page
    .locator(`a[href^="${event}/keys/"]`)
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const key = hrefs.find((href) => /\/keys\/[0-9a-f-]{36}$/.test(href!))!;
  return { event, key };
}

test("the sign-in page has no serious or critical axe violations, a refused password included", async ({ page }) => {
  await page.goto("/signin");
  await expectAccessible(page, "sign-in");
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".notice.error, .field-error").first()).toBeVisible();
  await expectAccessible(page, "sign-in, refused");
});

test("every dashboard page has no serious or critical axe violations", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const { event, key } = await demoEventPaths(page);
  const pages = {
    "event list": "/dashboard",
    "new event": "/dashboard/events/new",
    event,
    keys: `${event}/keys`,
    "key detail": key,
    participants: `${event}/participants`,
    labels: `${event}/labels`,
    statistics: `${event}/statistics`,
    account: "/dashboard/account",
  };
  for (const [name, path] of Object.entries(pages)) {
    expect((await page.goto(path))?.status(), name).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, name);
  }
  // A page's disclosures only show their content when open: the QR preview, a chart's numbers.
  await page.goto(`${event}/statistics`);
  for (const summary of await page.locator("details > summary").all()) await summary.click();
  await expectAccessible(page, "statistics, numbers shown");

  // The dashboard streams (loading.tsx): its not-found page arrives in a 200 answer.
  await page.goto("/dashboard/events/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
  await expectAccessible(page, "dashboard 404");
});

test("the pages outside the dashboard have no serious or critical axe violations", async ({ page }) => {
  expect((await page.goto("/"))?.status()).toBe(200);
  await expectAccessible(page, "home");
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page, "404");
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the dashboard is dark, buttons keep white text on the accent (screenshot attached)", async ({
    page,
  }, testInfo) => {
    await signIn(page);
    const { event } = await demoEventPaths(page);
    await page.goto(event);
    expect(await backgroundLuminance(page)).toBeLessThan(0.05);
    const card = page.locator(".card").first();
    expect(await card.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(22, 30, 42)");
    await expect(page.locator("button:not(.secondary):not(.danger):not(.link-button)").first()).toHaveCSS(
      "color",
      "rgb(255, 255, 255)",
    );
    // The passcode's QR code stays dark on white.
    await expect(page.locator(".qr").first()).toHaveCSS("background-color", "rgb(255, 255, 255)");
    const path = testInfo.outputPath("dark-dashboard-event.png");
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach("dark-dashboard-event.png", { path, contentType: "image/png" });
    await page.emulateMedia({ colorScheme: "light" });
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
  });
});
