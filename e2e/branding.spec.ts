import { devices, expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { E2E_DEMO_PASSWORD, E2E_ORIGIN } from "../playwright.config";

/**
 * An organiser brands a new event in the dashboard (accent colour, description, logo), and its key
 * link's page shows them to participants and to link previews. A new event, so that the demo
 * event's pages stay as the other specs expect them.
 */
test.setTimeout(120_000);

const EVENT_NAME = `Branded Run ${Date.now().toString(36)}`;
const DESCRIPTION = "Start 9:00 at the market square.\nBring your phone <and> a smile.";

/** Console errors (CSP violations among them), script errors, failed requests and error answers of the page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()} ${message.location().url}`);
  });
  page.on("pageerror", (error) => problems.push(`script: ${error.message}`));
  // Aborted requests are the dashboard's prefetches, cancelled when the page navigates on.
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    if (error !== "net::ERR_ABORTED") problems.push(`failed: ${request.url()} ${error}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}

test("an organiser brands an event; its landing page and link preview show the colour, description and logo", async ({
  page,
  browser,
}) => {
  const problems = watch(page);
  let passcode = "";

  await test.step("sign in and create an event", async () => {
    await page.goto("/dashboard/events/new");
    await page.getByLabel("Email").fill("demo@racekeys.local");
    await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Event name").fill(EVENT_NAME);
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: EVENT_NAME })).toBeVisible();
    passcode = (await page.locator(".code-large").textContent())!.trim();
  });

  const brandingForm = page.getByRole("form", { name: "Landing page" });
  await test.step("a colour white text is hard to read on is refused with the reason", async () => {
    await brandingForm.getByLabel("Accent colour").fill("#ffcc00");
    await brandingForm.getByRole("button", { name: "Save landing page" }).click();
    await expect(brandingForm.getByText("#ffcc00 has a contrast of only 1.51:1 with white text")).toBeVisible();
    await expect(brandingForm.getByLabel("Accent colour")).toHaveAttribute("aria-invalid", "true");
  });

  await test.step("set a readable colour and a description", async () => {
    await brandingForm.getByLabel("Accent colour").fill("#8A1538");
    await brandingForm.getByLabel("Description").fill(DESCRIPTION);
    await brandingForm.getByRole("button", { name: "Save landing page" }).click();
    await expect(brandingForm.getByText("Landing page saved.")).toBeVisible();
    await page.reload();
    await expect(brandingForm.getByLabel("Accent colour")).toHaveValue("#8a1538");
    await expect(brandingForm.getByLabel("Description")).toHaveValue(DESCRIPTION);
  });

  const logoForm = page.getByRole("form", { name: "Logo" });
  await test.step("a file over 1 MB and an SVG are refused with a message; a PNG is taken", async () => {
    await logoForm.getByLabel("Logo").setInputFiles({
      name: "huge.png",
      mimeType: "image/png",
      buffer: Buffer.alloc(1_200_000),
    });
    await expect(logoForm.locator(".field-error")).toHaveText(/^This file is larger than 1 MB/);
    await logoForm.getByLabel("Logo").setInputFiles({
      name: "logo.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await logoForm.getByRole("button", { name: "Upload logo" }).click();
    await expect(logoForm.locator(".field-error")).toHaveText(/^SVG and other markup is not accepted as a logo/);
    await expect(logoForm.getByLabel("Logo")).toHaveAttribute("aria-invalid", "true");

    const png = await sharp({ create: { width: 900, height: 300, channels: 4, background: "#8a1538" } })
      .png()
      .toBuffer();
    await logoForm.getByLabel("Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
    await logoForm.getByRole("button", { name: "Upload logo" }).click();
    await expect(logoForm.getByText("Logo saved.")).toBeVisible();
    const preview = page.getByRole("img", { name: `Logo of ${EVENT_NAME}` });
    await expect(preview).toBeVisible();
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(512);
    await page
      .locator("section", { has: page.getByRole("heading", { name: "Landing page" }) })
      .screenshot({ path: test.info().outputPath("dashboard-branding.png") });
  });

  await test.step("the key link's page shows the colour, the description and the logo", async () => {
    const landing = await browser.newContext({ ...withoutBrowserType("iPhone 13"), baseURL: E2E_ORIGIN });
    const phone = await landing.newPage();
    const phoneProblems = watch(phone);
    await phone.goto(`/redeem_key?key=${passcode}`);
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText(EVENT_NAME);
    await expect(phone.locator(".description")).toHaveText(DESCRIPTION);
    const logo = phone.locator("header img.logo");
    await expect(logo).toBeVisible();
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(512);
    await expect(logo).toHaveAttribute("alt", EVENT_NAME);
    const open = phone.getByRole("link", { name: /^Open in / });
    await expect(open).toHaveCSS("background-color", "rgb(138, 21, 56)");
    await expect(open).toHaveCSS("color", "rgb(255, 255, 255)");
    await phone.screenshot({ path: test.info().outputPath("branded-iphone.png"), fullPage: true });

    // A link preview: title, description and an image that a crawler can fetch from our origin.
    expect(await phone.locator('meta[property="og:title"]').getAttribute("content")).toContain(EVENT_NAME);
    expect(await phone.locator('meta[property="og:description"]').getAttribute("content")).toBe(
      DESCRIPTION.replace(/\s+/g, " "),
    );
    const ogImage = (await phone.locator('meta[property="og:image"]').getAttribute("content"))!;
    expect(ogImage).toMatch(new RegExp(`^${E2E_ORIGIN}/api/events/[0-9a-f-]{36}/logo\\?v=[0-9a-f]{16}$`));
    const image = await phone.request.get(ogImage);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
    expect(image.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(await sharp(await image.body()).metadata()).toMatchObject({ format: "png", width: 512, height: 171 });
    expect(phoneProblems).toEqual([]);
    await landing.close();
  });

  await test.step("remove the logo", async () => {
    await logoForm.getByRole("button", { name: "Remove logo" }).click();
    await expect(logoForm.getByText("Logo removed.")).toBeVisible();
    await expect(page.getByRole("img", { name: `Logo of ${EVENT_NAME}` })).toHaveCount(0);
    await expect(logoForm.getByLabel("Logo", { exact: true })).toBeVisible();
  });

  expect(problems).toEqual([]);
});

function withoutBrowserType(name: string) {
  const { defaultBrowserType: _browser, ...descriptor } = devices[name]!;
  return descriptor;
}
