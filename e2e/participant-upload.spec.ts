import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { demoOrganiser, type Organiser } from "./organiser";

/*
 * Issue 12, "the registration export, again and again": an organiser downloads a fresh export from
 * the registration platform every few days and uploads it each time.
 */

const HEADER = "Teilnehmer-ID;Vorname;Nachname;Startnummer;E-Mail;Verein";
const FIRST_EXPORT = [
  HEADER,
  "T-101;Anna;Schmidt;1;anna@example.com;TSV Jahn",
  "T-102;Ben;Cox;2;ben@example.com;",
  "T-103;Jürgen;Müller;3;juergen@example.com;LG Süd",
  "T-104;Zoë;Weiß;4;zoe@example.com;",
  "T-105;Cem;Yıldız;5;cem@example.com;SC Ost",
];
/** Three new registrations, Ben's name corrected, Cem's registration cancelled. */
const SECOND_EXPORT = [
  HEADER,
  FIRST_EXPORT[1]!,
  "T-102;Ben;Cocks;2;ben@example.com;",
  FIRST_EXPORT[3]!,
  FIRST_EXPORT[4]!,
  "T-106;Dana;Eck;6;dana@example.com;",
  "T-107;Emil;Faß;;emil@example.com;TSV Jahn",
  "T-108;Frida;Gül;8;frida@example.com;",
];

const work = mkdtempSync(path.join(tmpdir(), "racekeys-upload-"));

/** Writes an export as German Excel saves "CSV UTF-8": semicolons, CRLF and a byte order mark. */
function exportFile(name: string, lines: string[]): string {
  const file = path.join(work, name);
  writeFileSync(file, `\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
  return file;
}

async function check(page: Page, file: string) {
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Check the list" }).click();
  await expect(page.getByRole("heading", { name: "2. Check what will happen" })).toBeVisible();
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  return readFileSync(await file.path());
}

test.describe("the registration export, again and again", () => {
  let organiser: Organiser;
  let eventId: string;

  test.beforeAll(async ({ browser }) => {
    organiser = await demoOrganiser(browser);
    const created = await organiser.api.post("/api/events", { data: { name: `Export Run ${Date.now()}` } });
    eventId = ((await created.json()) as { id: string }).id;
    expect((await organiser.api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=20`)).status()).toBe(
      201,
    );
  });
  test.afterAll(async () => organiser?.close());

  const savedKeys = async () =>
    (
      (await (await organiser.api.get(`/api/events/${eventId}/starter_keys`)).json()) as Array<{
        key: string;
        name: string | null;
        startNumber: string | null;
      }>
    ).filter((k) => k.name !== null);

  test("upload, save, the same export again: no change; a changed export: 3 new, 1 update; the merged CSV", async () => {
    const { page } = organiser;
    await page.goto(`/dashboard/events/${eventId}/participants`);

    await test.step("the first export: five new participants, matched by the Teilnehmer-ID column", async () => {
      await check(page, exportFile("anmeldungen-1.csv", FIRST_EXPORT));
      await expect(page.getByText(/5 new participants get a key/)).toBeVisible();
      await expect(page.getByLabel("The registration's own ID column")).toHaveValue("0");
      await expect(page.getByRole("table", { name: /new keys/i })).toContainText("Jürgen Müller");
      await page.getByRole("button", { name: "Save 5 changes" }).click();
      await expect(page.getByText(/Saved: 5 new participants with a key/)).toBeVisible();
      expect(await savedKeys()).toHaveLength(5);
    });

    const before = await savedKeys();
    await test.step("the same export again: no change, nothing to save", async () => {
      await check(page, exportFile("anmeldungen-1-again.csv", FIRST_EXPORT));
      await expect(page.getByText("No change: every participant of this list is saved as it is.")).toBeVisible();
      await expect(page.getByText(/0 new participants get a key, 0 are updated, 5 are unchanged/)).toBeVisible();
      await expect(page.getByRole("table", { name: /problem/i })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);
      expect(await savedKeys()).toEqual(before);
    });

    await test.step("a fresh export: 3 new registrations, a corrected name, a cancelled one listed", async () => {
      await check(page, exportFile("anmeldungen-2.csv", SECOND_EXPORT));
      await expect(page.getByText(/3 new participants get a key, 1 is updated, 3 are unchanged/)).toBeVisible();
      await expect(page.getByRole("table", { name: "Updates" })).toContainText("Name: Ben Cox → Ben Cocks");
      await expect(page.getByText("1 participant saved before is not in this list.", { exact: false })).toBeVisible();
      await page.getByText(/^Not in this list/).click();
      await expect(page.getByRole("table", { name: /not in this list/i })).toContainText("Cem Yıldız");
      await page.getByRole("button", { name: "Save 4 changes" }).click();
      await expect(page.getByText(/Saved: 3 new participants with a key, 1 update, 3 unchanged/)).toBeVisible();
      const after = await savedKeys();
      expect(after).toHaveLength(8); // Cem's key keeps its data: listed, not deleted
      expect(after.map((k) => k.name)).toEqual(expect.arrayContaining(["Ben Cocks", "Cem Yıldız", "Frida Gül"]));
    });

    await test.step("the merged CSV: every column of the export, then key, link and QR image URL", async () => {
      const bytes = await download(page, () => page.getByRole("button", { name: "Download merged CSV" }).click());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const parsed = Papa.parse<Record<string, string>>(bytes.toString("utf8").slice(1).trim(), {
        header: true,
        delimiter: ";",
      });
      expect(parsed.meta.fields).toEqual([...HEADER.split(";"), "key", "link", "qrCodeUrl"]);
      expect(parsed.data).toHaveLength(7);
      const emil = parsed.data.find((row) => row["Teilnehmer-ID"] === "T-107")!;
      expect(emil).toMatchObject({
        Vorname: "Emil",
        Nachname: "Faß",
        "E-Mail": "emil@example.com",
        Verein: "TSV Jahn",
      });
      expect(emil.link).toContain(`/redeem_key?key=${emil.key}`);
      expect(emil.qrCodeUrl).toContain(`/api/starters/actions/generate_key_qrcode?key=${emil.key}`);
    });

    await test.step("the keys for Excel: a BOM, the key first, times with their offset", async () => {
      await page.goto(`/dashboard/events/${eventId}/keys`);
      const bytes = await download(page, () => page.getByRole("link", { name: "CSV (semicolon, for Excel)" }).click());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString("utf8").slice(1).split("\r\n");
      expect(lines[0]!.split(";")[0]).toBe("key");
      expect(lines.some((line) => line.includes(";Jürgen Müller;"))).toBe(true);
      expect(lines[1]).toMatch(/;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    });
  });

  test("the correction box numbers its lines as the problem list does; short rows are problems", async () => {
    const { page } = organiser;
    await page.goto(`/dashboard/events/${eventId}/participants`);
    await check(page, exportFile("short.csv", [HEADER, "T-201;Gil;Horn;21;gil@example.com;", "T-202;Ida;Ito"]));
    const problems = page.getByRole("table", { name: /problem/i });
    await expect(problems).toContainText(/this line has 3 columns, the header 6/i);
    await expect(problems.locator("tbody tr td").first()).toHaveText("3");
    await expect(page.getByText(/The numbers on the left are the line numbers of the problem list/)).toBeVisible();
    await expect(page.locator(".line-numbers")).toHaveText("1\n2\n3\n4");
    const editor = page.getByLabel("The list as text");
    await expect(editor).toHaveValue(/T-202;Ida;Ito/);
    // The fix: the missing cells; line numbers follow the text.
    await editor.fill((await editor.inputValue()).replace("T-202;Ida;Ito", "T-202;Ida;Ito;22;ida@example.com;"));
    await page.getByRole("button", { name: "Check again" }).click();
    await expect(page.getByRole("table", { name: /problem/i })).toHaveCount(0);
    await expect(page.getByText(/2 new participants get a key/)).toBeVisible();
  });
});
