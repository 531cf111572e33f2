import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { LABEL_SHEETS, labelPlacement, labelRegions } from "@/lib/domain/labels/layouts";
import { labelLink } from "@/lib/domain/labels/source";
import { decodeQrIn, pdfInfo, pdfText, renderPage } from "@/testing/pdf";
import { E2E_ORIGIN } from "../playwright.config";
import { demoOrganiser, eventWithKey, saveParticipant, type EventWithKey, type Organiser } from "./organiser";

/**
 * Labels as an organiser prints them for one box of race kits: start numbers 1 to 10 in order,
 * with a QR code in the event's colours and high error correction, one download per click.
 */
test.setTimeout(180_000);

let organiser: Organiser;
let event: EventWithKey;
/** In creation order: start numbers 10, 2, 500, none, 1. */
const participants = [
  { startNumber: "10", name: "Maximilian Alexander von Hohenzollern-Sigmaringen" },
  { startNumber: "2", name: "Zoë Müller" },
  { startNumber: "500", name: "Out Of Range" },
  null,
  { startNumber: "1", name: "Anna Schmidt" },
];
let keys: Array<{ id: string; key: string }>;

test.beforeAll(async ({ browser }) => {
  organiser = await demoOrganiser(browser);
  event = await eventWithKey(organiser.api, { name: `Box Run ${Date.now().toString(36)}` });
  const minted = await organiser.api.post(`/api/events/${event.eventId}/actions/generate_starter_keys?count=4`);
  keys = [{ id: event.starterId, key: event.key }, ...((await minted.json()) as Array<{ id: string; key: string }>)];
  for (const [i, participant] of participants.entries()) {
    if (participant) await saveParticipant(organiser, { ...event, starterId: keys[i]!.id }, participant);
  }
});
test.afterAll(async () => organiser?.close());

/** Counts the label PDF requests the page sends. */
function countExports(page: Page): { count: () => number } {
  let count = 0;
  page.on("request", (request) => {
    if (request.url().includes("/keys/export")) count++;
  });
  return { count: () => count };
}

test("a double click on Download PDF sends one request, shows that it is busy, and the PDF holds start numbers 1–10 in order, with codes in the chosen style that decode", async () => {
  const { page } = organiser;
  await page.goto(`/dashboard/events/${event.eventId}/labels`);
  const form = page.getByRole("form", { name: "Label PDF" });
  await expect(form.getByLabel("By start number (2 before 10)")).toBeChecked();
  await form.getByLabel("Start numbers from").fill("1");
  await form.getByLabel("to", { exact: true }).fill("10");
  await form.getByLabel("Error correction").selectOption("H");
  await form.getByLabel("Margin (modules)").fill("6");
  await form.getByLabel("Dark colour").fill("#1a237e");
  await form.getByLabel("Light colour").fill("#fff8e1");

  // The PDF takes a moment, as thousands of labels do: the page says so and takes no second request.
  await page.route("**/keys/export?**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const exports = countExports(page);
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Download PDF" }).dblclick();
  await expect(form.getByRole("button", { name: "Preparing PDF…" })).toBeDisabled();
  await expect(form.getByRole("status")).toContainText("Preparing the PDF");
  await form.getByRole("button", { name: "Preparing PDF…" }).click({ force: true });
  const download = await downloading;
  await page.unroute("**/keys/export?**");
  expect(exports.count()).toBe(1);
  await expect(form.getByRole("status")).toContainText(/Downloaded .*avery-l7160\.pdf/);
  await expect(form.getByRole("button", { name: "Download PDF" })).toBeEnabled();

  const pdf = new Uint8Array(readFileSync((await download.path())!));
  expect(pdfInfo(pdf).pages).toBe(1);
  const text = pdfText(pdf).replace(/\s+/g, " ");
  expect(text).not.toContain("No. 500");
  expect(text).not.toContain(keys[3]!.key);
  expect(text).not.toContain("…");
  for (const word of ["Maximilian", "Alexander", "Hohenzollern-", "Sigmaringen"]) expect(text).toContain(word);
  // Across, then down: 1, 2, 10.
  const dpi = 200;
  const rendered = renderPage(pdf, 1, dpi);
  const sheet = LABEL_SHEETS["avery-l7160"];
  [4, 1, 0].forEach((index, slot) => {
    const { qr } = labelRegions(labelPlacement(sheet, slot).rect);
    const region = { x: qr.x - 2, y: qr.y - 2, width: qr.width + 4, height: qr.height + 4 };
    expect(decodeQrIn(rendered, region, dpi)).toBe(labelLink(E2E_ORIGIN, keys[index]!.key, participants[index]!, "H"));
  });
  // The quiet zone is the light colour, not the paper.
  const { qr } = labelRegions(labelPlacement(sheet, 0).rect);
  const at = (Math.round(((qr.y + 3) * dpi) / 72) * rendered.width + Math.round(((qr.x + 3) * dpi) / 72)) * 4;
  expect(Array.from(rendered.data.subarray(at, at + 3))).toEqual([0xff, 0xf8, 0xe1]);
});

test("the sheet counts follow the chosen keys: a range of start numbers, used or not", async () => {
  const { page } = organiser;
  await page.goto(`/dashboard/events/${event.eventId}/labels`);
  const form = page.getByRole("form", { name: "Label PDF" });
  const count = (layout: string) =>
    form.locator("label.choice-card", { hasText: layout }).locator("[data-label-count]");
  await expect(count("Avery L7160")).toHaveText("all 5 keys on 1 sheet");
  await expect(count("One large code per A4 page")).toHaveText("all 5 keys on 5 pages");
  // Start numbers 1 to 10: 1, 2 and 10 of the five keys (500 and the key without one are left out).
  await form.getByLabel("Start numbers from").fill("1");
  await form.getByLabel("to", { exact: true }).fill("10");
  await expect(count("One large code per A4 page")).toHaveText("3 of 5 keys on 3 pages");
  await expect(count("Avery L7160")).toHaveText("3 of 5 keys on 1 sheet");
  // The form keeps what was typed, and the page's address the choice.
  await expect(form.getByLabel("Start numbers from")).toHaveValue("1");
  await expect(page).toHaveURL(/\?from=1&to=10$/);
  await form.getByLabel("Used (0)").check();
  await expect(count("One large code per A4 page")).toHaveText("0 of 5 keys on 0 pages");
  await form.getByLabel("All (5)").check();
  await form.getByLabel("to", { exact: true }).fill("");
  await expect(count("One large code per A4 page")).toHaveText("4 of 5 keys on 4 pages");
});

test("colours too close to scan and a reversed range are refused on the page, and no PDF is made", async () => {
  const { page } = organiser;
  await page.goto(`/dashboard/events/${event.eventId}/labels`);
  const form = page.getByRole("form", { name: "Label PDF" });
  await form.getByLabel("Dark colour").fill("#888888");
  let downloads = 0;
  page.on("download", () => downloads++);
  await form.getByRole("button", { name: "Download PDF" }).click();
  await expect(form.getByRole("status")).toContainText(
    "not valid: the contrast of dark #888888 and light #ffffff is 3.54:1",
  );
  await form.getByLabel("Dark colour").fill("#000000");
  await form.getByLabel("Start numbers from").fill("10");
  await form.getByLabel("to", { exact: true }).fill("1");
  await form.getByRole("button", { name: "Download PDF" }).click();
  await expect(form.getByRole("status")).toContainText("from (10) must not be greater than to (1)");
  expect(downloads).toBe(0);
});

test("the QR image API takes the options over HTTP and refuses unscannable colours with a 400 naming them", async () => {
  const { api } = organiser;
  const ok = await api.get(
    `/api/starters/actions/generate_key_qrcode?key=${event.key}&ecc=Q&margin=3&dark=0b5d1e&light=%237fd48f&size=360`,
  );
  expect(ok.status()).toBe(200);
  const png = PNG.sync.read(await ok.body());
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
    `${E2E_ORIGIN}/redeem_key?key=${event.key}`,
  );
  for (const [query, parameter] of [
    ["dark=%23777777", "dark"],
    ["dark=%23ffffff&light=%23000000", "dark"],
    ["margin=1", "margin"],
    ["ecc=X", "ecc"],
  ] as const) {
    const refused = await api.get(`/api/starters/actions/generate_key_qrcode?key=${event.key}&${query}`);
    expect(refused.status(), query).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message.startsWith(`${parameter}: `)).toBe(true);
  }
  const pdf = await api.get(`/api/events/${event.eventId}/starter_keys?format=pdf&sort=startNumber&from=1&to=500`);
  expect(pdf.status()).toBe(200);
  expect(pdfInfo(new Uint8Array(await pdf.body())).pages).toBe(1);
  const reversed = await api.get(`/api/events/${event.eventId}/starter_keys?format=pdf&from=500&to=1`);
  expect(reversed.status()).toBe(400);
});
