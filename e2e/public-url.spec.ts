import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { freePort } from "@/testing/cluster";
import { startTestServer, type TestServer } from "@/testing/server";
import { E2E_DEMO_PASSWORD } from "../playwright.config";
import { signIn } from "./organiser";

/**
 * `npm start` on a port other than 3000 with PUBLIC_URL unset, on a new embedded database: links
 * point to that port, the banners say so, and an organiser on another host is warned, once.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let server: TestServer;
let port: number;
let local: string;
let foreign: string;
const dataDir = mkdtempSync(path.join(tmpdir(), "racekeys-public-url-"));
const warnings = () =>
  server
    .output()
    .split("\n")
    .filter((line) => line.includes('"level":"warn"') && line.includes("PUBLIC_URL"));

test.beforeAll(async () => {
  test.setTimeout(300_000);
  port = await freePort();
  expect(port).not.toBe(3000);
  local = `http://localhost:${port}`;
  foreign = `http://127.0.0.1:${port}`;
  server = await startTestServer(
    port,
    { PUBLIC_URL: "", DATABASE_URL: "", PGLITE_DIR: dataDir, SEED_DEMO: "auto", DEMO_PASSWORD: E2E_DEMO_PASSWORD },
    { captureOutput: true, npmStart: true },
  );
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the start banners, key links, QR codes and exports use the port the server runs on", async ({ page }) => {
  await expect.poll(() => server.output()).toContain("Racekeys is ready on");
  const output = server.output();
  expect(output).toContain(`Racekeys is ready on ${local}\n`);
  expect(output).toContain(`Key links, QR codes, labels and exports point to ${local} (PUBLIC_URL)`);
  expect(output).toContain(`Sign in at ${local} as demo@racekeys.local`);
  expect(output).toContain(`Sample event "Easy QR Code Run": ${local}/redeem_key?key=6G615L`);
  expect(output).not.toContain(":3000");

  await page.goto(`${local}/redeem_key?key=6G615L`);
  const png = PNG.sync.read(await page.getByRole("img", { name: "QR code of your key link" }).screenshot());
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(`${local}/redeem_key?key=6G615L`);

  const token = /Demo API token \(shown once\): (rk_\S+)/.exec(output)![1]!;
  const auth = { Authorization: `Bearer ${token}` };
  const [event] = (await (await page.request.get(`${local}/api/events`, { headers: auth })).json()) as [{ id: string }];
  const keys = (await (
    await page.request.get(`${local}/api/events/${event.id}/starter_keys`, { headers: auth })
  ).json()) as Array<{
    link: string;
    qrCodeUrl: string;
  }>;
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(key.link.startsWith(`${local}/redeem_key?key=`)).toBe(true);
    expect(key.qrCodeUrl.startsWith(`${local}/api/`)).toBe(true);
  }
  // Everything so far came to PUBLIC_URL's host (and the readiness probes, which are not checked).
  expect(warnings()).toEqual([]);
});

test("an organiser on another host sees where links point; the server logs one warning", async ({ browser }) => {
  const elsewhere = await browser.newContext();
  const page = await elsewhere.newPage();
  await signIn(page, foreign);
  const banner = page.getByRole("note");
  await expect(banner).toHaveText(
    `Links and QR codes point to ${local}, you are using ${foreign}. Set PUBLIC_URL to the address participants use.`,
  );
  await page.goto(`${foreign}/dashboard/account`);
  await expect(banner).toBeVisible();
  for (const url of [`${foreign}/redeem_key?key=6G615L`, `${foreign}/api/starters/actions/resolve_key?key=6G615L`]) {
    expect((await page.request.get(url)).status()).toBe(200);
  }
  expect(warnings()).toHaveLength(1);
  expect(warnings()[0]).toContain(`requests arrive for ${foreign}, but key links and QR codes point to ${local}`);
  await elsewhere.close();

  const here = await browser.newContext();
  const localPage = await here.newPage();
  await signIn(localPage, local);
  await expect(localPage.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(localPage.getByRole("note")).toHaveCount(0);
  await here.close();
  expect(warnings()).toHaveLength(1);
});
