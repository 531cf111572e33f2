import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Download, type Page } from "@playwright/test";
import jsQR from "jsqr";
import Papa from "papaparse";
import { PNG } from "pngjs";
import { LABEL_SHEETS } from "@/lib/domain/labels/layouts";
import { labelLink } from "@/lib/domain/labels/source";
import { E2E_DEMO_PASSWORD, E2E_ORIGIN } from "../playwright.config";

/**
 * An organiser's afternoon in the dashboard, in one browser session: sign in, create an event,
 * mint 250 keys, search, export, merge the participant list, print labels, manage API tokens.
 * The server is the production build on a fresh embedded database with the demo organiser.
 */
test.setTimeout(300_000);

const EVENT_NAME = `Stadtlauf Zürich ${Date.now().toString(36)}`;
const work = mkdtempSync(path.join(tmpdir(), "racekeys-e2e-"));

async function saved(download: Download): Promise<string> {
  const file = path.join(work, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ file: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { file: await saved(download), name: download.suggestedFilename() };
}

/**
 * The page has no console errors, failed requests or Content-Security-Policy violations of its own,
 * and every dashboard and sign-in page it loads comes with a nonce CSP (`protectedPages`); `visited`
 * also holds the dashboard pages reached by client-side navigation.
 * Chromium sometimes asks for /favicon.ico while a navigation turns into a download, although pages
 * declare /icon.svg: not ours.
 */
async function watch(page: Page): Promise<{ problems: string[]; protectedPages: string[]; visited: Set<string> }> {
  const problems: string[] = [];
  const protectedPages: string[] = [];
  const visited = new Set<string>();
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico"))
      problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("framenavigated", (frame) => {
    const { pathname, search } = new URL(frame.url());
    if (frame === page.mainFrame() && pathname.startsWith("/dashboard")) visited.add(pathname + search);
  });
  page.on("response", async (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} ${response.url()}`);
    const { pathname } = new URL(response.url());
    const isPage =
      response.request().resourceType() === "document" &&
      response.status() === 200 &&
      /^\/(dashboard|signin)(\/|$)/.test(pathname);
    if (!isPage || !(await response.headerValue("content-type"))?.startsWith("text/html")) return;
    const policy = await response.headerValue("content-security-policy");
    if (policy && /script-src 'nonce-[^']+' 'strict-dynamic'/.test(policy)) protectedPages.push(pathname);
    else problems.push(`no nonce CSP on ${pathname}: ${policy}`);
  });
  // Besides the console message: the event itself, from every document the page loads.
  await page.exposeFunction("reportCspViolation", (violation: string) => problems.push(`CSP violation: ${violation}`));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
      ),
    ),
  );
  return { problems, protectedPages, visited };
}

test("an organiser prepares an event in an afternoon", async ({ page }) => {
  const { problems, protectedPages, visited } = await watch(page);
  let eventUrl = "";
  let keys: Array<{ key: string; name: string | null; startNumber: string | null; link: string }> = [];

  await test.step("signed out, the dashboard asks to sign in and comes back afterwards", async () => {
    await page.goto("/dashboard/account");
    await expect(page).toHaveURL(/\/signin\?next=%2Fdashboard%2Faccount$/);
    await page.getByLabel("Email").fill("demo@racekeys.local");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("status")).toContainText("do not match");
    await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard\/account$/);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("racekeys_session"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, name: "__Host-racekeys_session" });
    // The browser is known to the account from now on (strangers' failed sign-ins do not stop it).
    const knownBrowser = cookies.find((c) => c.name.endsWith("racekeys_browser"));
    expect(knownBrowser).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
      secure: true,
      name: "__Host-racekeys_browser",
    });
    expect(knownBrowser!.expires * 1000 - Date.now()).toBeGreaterThan(150 * 86_400_000);
  });

  await test.step("create an event", async () => {
    await page.getByRole("link", { name: "Events" }).click();
    await expect(page.getByRole("link", { name: "Easy QR Code Run" })).toBeVisible();
    await page.getByRole("link", { name: "New event" }).click();
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByText("Give the event a name.")).toBeVisible();
    await page.getByLabel("Event name").fill(EVENT_NAME);
    // Tomorrow: keys of an event long over cannot be redeemed any more, and race day needs that below.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Starts").fill(`${tomorrow}T09:00`);
    await page.getByLabel("Ends").fill(`${tomorrow}T15:00`);
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: EVENT_NAME })).toBeVisible();
    await expect(page.getByText("This event has no keys yet.")).toBeVisible();
    eventUrl = new URL(page.url()).pathname;
    expect(eventUrl).toMatch(/^\/dashboard\/events\/[0-9a-f-]{36}$/);
  });

  await test.step("mint 250 keys", async () => {
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Keys" }).click();
    await expect(page.getByRole("heading", { name: "No keys yet" })).toBeVisible();
    await page.getByLabel("Number of new keys").fill("250");
    await page.getByRole("button", { name: "Mint keys" }).click();
    await expect(page.getByText("Minted 250 new keys.")).toBeVisible();
    await expect(page.locator("caption")).toHaveText("All keys 1–50 of 250");
    await expect(page.locator("tbody tr")).toHaveCount(50);
    await page.getByRole("link", { name: "Next ›" }).click();
    await expect(page.locator("caption")).toHaveText("All keys 51–100 of 250");
    await page.getByRole("link", { name: "Last" }).click();
    await expect(page.locator("caption")).toHaveText("All keys 201–250 of 250");
  });

  await test.step("search by key", async () => {
    const key = (await page.locator("tbody th.key").nth(7).textContent())!.trim();
    await page.getByRole("searchbox", { name: "Search" }).fill(key.toLowerCase());
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.locator("tbody th.key")).toHaveText([key]);
    await page.getByRole("searchbox", { name: "Search" }).fill("nobody-has-this");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByRole("heading", { name: "No matching keys" })).toBeVisible();
    await page.getByRole("link", { name: "Show all keys" }).click();
    await expect(page.locator("caption")).toHaveText("All keys 1–50 of 250");
    // A control character (a NUL reached PostgreSQL once and made a 500) gets a message at the field.
    await page.getByRole("searchbox", { name: "Search" }).fill("Ann\u0007");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByText("The search must not contain control characters", { exact: false })).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("link", { name: "Clear" }).click();
    await expect(page.locator("caption")).toHaveText("All keys 1–50 of 250");
  });

  await test.step("export the keys as CSV", async () => {
    const { file, name } = await downloadBy(page, () => page.getByRole("link", { name: "CSV (comma)" }).click());
    expect(name).toMatch(/-keys\.csv$/);
    const csv = readFileSync(file, "utf8");
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([
      "key",
      "starter_id",
      "link",
      "qrCodeUrl",
      "startNumber",
      "name",
      "keyUsed",
      "redeemedAt",
      "createdAt",
    ]);
    expect(parsed.data).toHaveLength(250);
    const first = parsed.data[0]!;
    expect(first.link).toBe(`${E2E_ORIGIN}/redeem_key?key=${first.key}`);
    expect(first.keyUsed).toBe("false");
    await expect(page.locator("tbody th.key").first()).toHaveText(first.key!);
  });

  await test.step("merge the participant list: semicolons, umlauts, a BOM and one problem to fix", async () => {
    await page.getByRole("link", { name: "Participant list" }).click();
    const list = [
      "Bib;First name;Last name;E-Mail",
      "1;Jürgen;Müller;j@example.com",
      "2;Zoë;Weiß;z@example.com",
      "2;Ünal;Öztürk;u@example.com",
      "",
    ].join("\r\n");
    const upload = path.join(work, "teilnehmer.csv");
    writeFileSync(upload, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(list, "utf8")]));
    await page.getByLabel("CSV file").setInputFiles(upload);
    await page.getByRole("button", { name: "Check the list" }).click();

    const problemTable = page.getByRole("table", { name: /problem/i });
    await expect(problemTable).toContainText("4");
    await expect(problemTable).toContainText(/start number 2/i);
    await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);
    await expect(page.getByRole("table", { name: /new keys/i })).toContainText("Jürgen Müller");

    // Fix the row in the editor on the page and check again.
    const editor = page.getByLabel("The list as text");
    await editor.fill((await editor.inputValue()).replace("2;Ünal", "3;Ünal"));
    await page.getByRole("button", { name: "Check again" }).click();
    await expect(page.getByRole("table", { name: /problem/i })).toHaveCount(0);
    await expect(page.getByRole("table", { name: /new keys/i })).toContainText("Ünal Öztürk");
    await page.getByRole("button", { name: /^Save 3 changes/ }).click();
    await expect(page.getByText(/Saved: 3 new participants/i)).toBeVisible();

    const { file } = await downloadBy(page, () => page.getByRole("button", { name: "Download merged CSV" }).click());
    const merged = Papa.parse<Record<string, string>>(
      readFileSync(file, "utf8")
        .replace(/^\uFEFF/, "")
        .trim(),
      { header: true, delimiter: ";" },
    );
    // The upload's own columns, in order, then key, link and QR image URL.
    expect(merged.meta.fields).toEqual(["Bib", "First name", "Last name", "E-Mail", "key", "link", "qrCodeUrl"]);
    const jurgen = merged.data.find((row) => row["First name"] === "Jürgen" && row["Last name"] === "Müller");
    expect(jurgen).toMatchObject({ Bib: "1", "E-Mail": "j@example.com" });
    const values = Object.values(jurgen!);
    const key = values.find((v) => /^[0-9A-Z]{6}$/.test(v))!;
    expect(values).toContain("1");
    expect(values.some((v) => v.startsWith(`${E2E_ORIGIN}/redeem_key?key=${key}`))).toBe(true);
    expect(values.some((v) => v.startsWith(`${E2E_ORIGIN}/api/starters/actions/generate_key_qrcode?key=${key}`))).toBe(
      true,
    );

    // The keys table shows the merged participants.
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Keys" }).click();
    await page.getByRole("searchbox", { name: "Search" }).fill("öztürk");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.locator("tbody tr")).toHaveCount(1);
    await expect(page.locator("tbody tr")).toContainText("3");
  });

  await test.step("print the labels as a PDF: it parses, has 12 A4 sheets, and the first code opens its key", async () => {
    // Through the page: the session cookie is the browser's.
    keys = await page.evaluate(async (url) => (await fetch(url)).json(), `${eventUrl}/keys/export?format=json`);
    expect(keys).toHaveLength(250);
    await page.getByRole("link", { name: "Print labels" }).click();
    await page.getByLabel(/Avery L7160/).check();
    const { file, name } = await downloadBy(page, () => page.getByRole("button", { name: "Download PDF" }).click());
    expect(name).toMatch(/avery-l7160\.pdf$/);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+12\n/); // 250 labels, 21 per sheet

    const dpi = 300;
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      "1",
      "-l",
      "1",
      "-gray",
      file,
      path.join(work, "labels"),
    ]);
    const pagePng = PNG.sync.read(readFileSync(path.join(work, "labels-01.png")));
    const sheet = LABEL_SHEETS["avery-l7160"];
    const px = (points: number) => Math.round((points * dpi) / 72);
    const label = { x: px(sheet.left), y: px(sheet.top), width: px(sheet.labelWidth), height: px(sheet.labelHeight) };
    const crop = Buffer.alloc(label.width * label.height * 4);
    for (let y = 0; y < label.height; y++) {
      pagePng.data.copy(
        crop,
        y * label.width * 4,
        ((label.y + y) * pagePng.width + label.x) * 4,
        ((label.y + y) * pagePng.width + label.x + label.width) * 4,
      );
    }
    const decoded = jsQR(new Uint8ClampedArray(crop), label.width, label.height);
    const first = keys[0]!;
    expect(decoded?.data).toBe(labelLink(E2E_ORIGIN, first.key, first));
    expect(decoded?.data.startsWith(`${E2E_ORIGIN}/redeem_key?key=${first.key}`)).toBe(true);
  });

  await test.step("race day: a participant's phone changed, so the organiser releases the key", async () => {
    const key = keys[5]!.key;
    const redeem = (deviceId: string) =>
      page.request.post("/api/starters/actions/redeem_key", { data: { key, deviceId } });
    expect((await redeem("old-phone")).ok()).toBe(true);
    expect((await redeem("new-phone")).status()).toBe(409);
    await page.goto(`/redeem_key?key=${key}`); // the landing page counts a visit for the statistics
    await page.goto(`${eventUrl}/keys?status=used`);
    await expect(page.locator("tbody th.key")).toHaveText([key]);
    await page.getByRole("link", { name: `Open key ${key}` }).click();
    await expect(page.getByText("This key is connected to a phone.")).toBeVisible();
    await page.getByText("Release key from phone…").click();
    await page.getByRole("button", { name: "Yes, release key" }).click();
    await expect(page.getByText(/^Released\./)).toBeVisible();
    await expect(page.getByText("This key was used, but is not connected to a phone right now")).toBeVisible();
    expect((await redeem("new-phone")).ok()).toBe(true);
  });

  await test.step("statistics show keys used over time and landing-page visits as SVG plots", async () => {
    await page.getByRole("link", { name: "Statistics" }).click();
    await expect(page.getByText("1 of 250 keys used (0%).")).toBeVisible();
    await expect(page.getByRole("img", { name: "Keys minted and used over time" })).toBeVisible();
    // Visits are written in batches about a second after they happen.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("img", { name: "Landing-page visits by platform" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await page.getByText("Show the numbers").first().click();
    await expect(page.getByRole("table", { name: /Keys minted and used/ })).toContainText("250");
  });

  await test.step("create an API token with the current password, use it, revoke it: then it is refused", async () => {
    await page.getByRole("link", { name: "Account" }).click();
    const tokenForm = page.getByRole("form", { name: "Create API token" });
    await tokenForm.getByLabel("Token name").fill("Registration platform");
    await tokenForm.getByRole("button", { name: "Create token" }).click();
    await expect(tokenForm.getByText("Enter your current password.")).toBeVisible();
    await tokenForm.getByLabel("Current password").fill("not the password");
    await tokenForm.getByRole("button", { name: "Create token" }).click();
    await expect(tokenForm.getByText("This is not your current password.")).toBeVisible();
    await expect(page.locator("#new-token")).toHaveCount(0);
    await expect(tokenForm.getByLabel("Token name")).toHaveValue("Registration platform");
    await tokenForm.getByLabel("Current password").fill(E2E_DEMO_PASSWORD);
    await tokenForm.getByRole("button", { name: "Create token" }).click();
    const token = (await page.locator("#new-token").textContent())!.trim();
    expect(token).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole("button", { name: "Copy token" })).toBeVisible();
    const api = (bearer: string) => page.request.get("/api/events", { headers: { authorization: `Bearer ${bearer}` } });
    const events = (await (await api(token)).json()) as Array<{ name: string }>;
    expect(events.map((e) => e.name)).toContain(EVENT_NAME);

    await page.reload();
    await expect(page.locator("#new-token")).toHaveCount(0); // shown once only
    const row = page.getByRole("row", { name: /Registration platform/ });
    const lastUsed = row.getByRole("cell").nth(2); // cells after the name: starts with, created, last used
    await expect(lastUsed).toHaveText(/\d{4}, \d{2}:\d{2}/);
    await row.locator("summary", { hasText: "Revoke" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(row).toContainText("Revoked");
    const refused = await api(token);
    expect(refused.status()).toBe(401);
  });

  await test.step("a password change offers to revoke the active tokens, saying how many", async () => {
    const tokenForm = page.getByRole("form", { name: "Create API token" });
    await tokenForm.getByLabel("Token name").fill("Timing system");
    await tokenForm.getByLabel("Current password").fill(E2E_DEMO_PASSWORD);
    await tokenForm.getByRole("button", { name: "Create token" }).click();
    const token = (await page.locator("#new-token").textContent())!.trim();
    const api = () => page.request.get("/api/events", { headers: { authorization: `Bearer ${token}` } });
    expect((await api()).status()).toBe(200);

    const passwordForm = page.getByRole("form", { name: "Change password" });
    const changePassword = async (from: string, to: string) => {
      await passwordForm.getByLabel("Current password").fill(from);
      await passwordForm.getByLabel("New password", { exact: true }).fill(to);
      await passwordForm.getByLabel("New password again").fill(to);
    };
    // Active: this one and the demo's token, each with its Revoke button.
    const active = await page.locator("summary", { hasText: /^Revoke token / }).count();
    expect(active).toBe(2);
    await changePassword(E2E_DEMO_PASSWORD, "a brand new password");
    await passwordForm.getByLabel(`Also revoke all ${active} active API tokens`).check();
    await passwordForm.getByRole("button", { name: "Change password" }).click();
    await expect(passwordForm.getByRole("status")).toContainText("Password changed");
    await expect(passwordForm.getByRole("status")).toContainText(`${active} API tokens were revoked.`);
    expect((await api()).status()).toBe(401);
    await expect(page.getByRole("row", { name: /Timing system/ })).toContainText("Revoked");

    // No active tokens left: nothing to offer. The demo password comes back for the specs after this one.
    await expect(passwordForm.getByRole("checkbox")).toHaveCount(0);
    await changePassword("a brand new password", E2E_DEMO_PASSWORD);
    await passwordForm.getByRole("button", { name: "Change password" }).click();
    await expect(passwordForm.getByRole("status")).toHaveText(
      /^Password changed\. Other devices where you were signed in have been signed out\.$/,
    );
  });

  await test.step("every dashboard page visited, loaded afresh, runs under its nonce CSP without a violation", async () => {
    // Most steps navigate client-side; a fresh load renders each page on the server under its own CSP.
    const pages = [...visited].filter((url) => !url.includes("/export"));
    expect(pages.length).toBeGreaterThanOrEqual(8);
    for (const url of pages) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await page.waitForLoadState("networkidle");
    }
    expect(new Set(protectedPages).size).toBeGreaterThanOrEqual(8);
  });

  await test.step("sign out ends the session on the server, not only in this browser", async () => {
    const session = (await page.context().cookies()).find((c) => c.name === "__Host-racekeys_session")!;
    const exportUrl = `${eventUrl}/keys/export?format=csv`;
    const withOldCookie = () =>
      page.request.get(exportUrl, { headers: { cookie: `${session.name}=${session.value}` }, maxRedirects: 0 });
    expect((await withOldCookie()).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.goto(eventUrl);
    await expect(page).toHaveURL(/\/signin\?next=/);
    const refused = await withOldCookie();
    expect(refused.status()).toBe(303);
    expect(refused.headers().location).toMatch(/^\/signin\?next=/);
  });

  expect(problems).toEqual([]);
});
