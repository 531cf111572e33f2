import { asc, eq } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters, type Event } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { keyLink } from "@/lib/domain/links";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { participantUpload } from "./participant-upload";
import { decodeUpload, previewMerge, saveMerge } from "./participants";

const PUBLIC_URL = "https://racekeys.example";

describe("decodeUpload", () => {
  it("reads UTF-8 with and without a byte order mark, and remembers the mark", () => {
    const withBom = decodeUpload(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("Name\nJürgen", "utf8")]));
    expect(withBom).toEqual({ text: "Name\nJürgen", bom: true, encoding: "utf-8" });
    expect(decodeUpload(Buffer.from("Name\nZoë", "utf8"))).toEqual({
      text: "Name\nZoë",
      bom: false,
      encoding: "utf-8",
    });
  });

  it("reads a file in the old Windows Western encoding instead of garbling its umlauts", () => {
    const latin = Buffer.from([...Buffer.from("Name;Bib\nM"), 0xfc, ...Buffer.from("ller;1\n")]);
    expect(decodeUpload(latin)).toEqual({ text: "Name;Bib\nMüller;1\n", bom: false, encoding: "windows-1252" });
  });
});

describe.each(testDrivers())("participant list merge from the dashboard on %s", (driver) => {
  let database: TestDatabase;
  let eventId: string;
  let keys: string[];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { organiser } = await newOrganiser(database.db);
    eventId = (await createEvent(database.db, organiser.id, { name: "Merge Run" })).id;
    await mintStarterKeys(database.db, { organiserId: organiser.id, eventId, count: 5 });
    keys = (
      await database.db
        .select({ key: starters.key })
        .from(starters)
        .where(eq(starters.eventId, eventId))
        .orderBy(asc(starters.seq))
    ).map((r) => r.key!);
  });
  afterAll(async () => database?.close());

  const LIST = "Bib;First name;Last name\r\n1;Jürgen;Müller\r\n2;Zoë;Weiß\r\n2;Ünal;Öztürk\r\n";

  it("previews every problem and the planned keys without writing anything", async () => {
    const preview = await previewMerge(database.db, eventId, LIST);
    expect(preview).toMatchObject({ delimiter: ";", rows: 3, createdCount: 2, updatedCount: 0, unchangedCount: 0 });
    expect(preview.problems).toEqual([{ line: 4, field: "startNumber", message: "start number 2 is also on line 3" }]);
    expect(preview.created.map((a) => [a.line, a.name, a.key])).toEqual([
      [2, "Jürgen Müller", keys[0]],
      [3, "Zoë Weiß", keys[1]],
    ]);
    const named = await database.db.select({ name: starters.name }).from(starters).where(eq(starters.eventId, eventId));
    expect(named.every((r) => r.name === null)).toBe(true);
  });

  it("refuses to save a list with problems, and saves the corrected one in one go", async () => {
    const refused = await saveMerge(database.db, eventId, { text: LIST, bom: true }, PUBLIC_URL);
    expect(refused.saved).toBe(false);
    const fixed = LIST.replace("2;Ünal", "3;Ünal");
    const saved = await saveMerge(database.db, eventId, { text: fixed, bom: true }, PUBLIC_URL);
    if (!saved.saved) throw new Error("expected the corrected list to be saved");
    expect(saved).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    // The merged CSV mirrors the upload: its columns, semicolons and a byte order mark, for Excel.
    expect(saved.csv.startsWith("\uFEFFBib;First name;Last name;key;link;qrCodeUrl\r\n")).toBe(true);
    // A semicolon list without a byte order mark gets one too: Excel needs it to read UTF-8;
    // a comma list without one stays without (it is for programs).
    const again = await saveMerge(database.db, eventId, { text: fixed, bom: false }, PUBLIC_URL);
    expect(again.saved && again.csv.startsWith("\uFEFFBib;")).toBe(true);
    const comma = await saveMerge(database.db, eventId, { text: fixed.replaceAll(";", ","), bom: false }, PUBLIC_URL);
    expect(comma.saved && comma.csv.startsWith("Bib,")).toBe(true);
    const rows = Papa.parse<Record<string, string>>(saved.csv.slice(1).trim(), { header: true, delimiter: ";" }).data;
    expect(rows[0]).toMatchObject({ Bib: "1", "First name": "Jürgen", "Last name": "Müller", key: keys[0] });
    expect(rows[0]!.link).toBe(keyLink(PUBLIC_URL, keys[0]!, { startNumber: "1", name: "Jürgen Müller" }));
    const stored = await database.db
      .select({ name: starters.name, startNumber: starters.startNumber })
      .from(starters)
      .where(eq(starters.eventId, eventId))
      .orderBy(asc(starters.seq));
    expect(stored.slice(0, 3)).toEqual([
      { name: "Jürgen Müller", startNumber: "1" },
      { name: "Zoë Weiß", startNumber: "2" },
      { name: "Ünal Öztürk", startNumber: "3" },
    ]);
  });

  it("reports a file without a name column instead of planning", async () => {
    const preview = await previewMerge(database.db, eventId, "Bib;Email\r\n9;x@example.com\r\n");
    expect(preview.problems.map((p) => p.field)).toContain("name");
  });
});

describe.each(testDrivers())("the participant upload route's handler on %s", (driver) => {
  let database: TestDatabase;
  let event: Event;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { organiser } = await newOrganiser(database.db);
    event = await createEvent(database.db, organiser.id, { name: "Upload Run" });
    await mintStarterKeys(database.db, { organiserId: organiser.id, eventId: event.id, count: 2 });
  });
  afterAll(async () => database?.close());

  const upload = (query: string, body: BodyInit) =>
    participantUpload(
      database.db,
      event,
      new Request(`http://racekeys.test/upload?${query}`, { method: "POST", body }),
      PUBLIC_URL,
    );
  const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

  it("checks the file's bytes, then saves them; the merged CSV keeps the byte order mark and the file's name", async () => {
    const list = new Blob([BOM, "Bib;Name\r\n1;Jürgen Müller\r\n"]);
    const checked = await upload("fileName=anmeldungen.csv", list);
    expect(checked).toMatchObject({
      status: "preview",
      list: { bom: true, fileName: "anmeldungen.csv" },
      preview: { problems: [], createdCount: 1 },
    });
    expect(
      await database.db.select({ name: starters.name }).from(starters).where(eq(starters.eventId, event.id)),
    ).toEqual([{ name: null }, { name: null }]);

    const saved = await upload("intent=save&fileName=anmeldungen.csv", list);
    expect(saved).toMatchObject({ status: "saved", saved: { created: 1, fileName: "anmeldungen-with-keys.csv" } });
    expect(saved.saved!.csv.startsWith("\uFEFFBib;Name;key;link;qrCodeUrl")).toBe(true);

    // The same file again: no change, nothing written.
    expect(await upload("fileName=anmeldungen.csv", list)).toMatchObject({
      preview: { problems: [], createdCount: 0, updatedCount: 0, unchangedCount: 1 },
    });
    expect(await upload("intent=save&fileName=anmeldungen.csv", list)).toMatchObject({
      status: "saved",
      saved: { created: 0, updated: 0, unchanged: 1 },
    });
  });

  it("uses the id column the organiser picks, or none", async () => {
    const list = "Bib;Name;Mail\r\n7;Zoë Weiß;z@example.com\r\n";
    expect(await upload("idColumn=2", list)).toMatchObject({
      preview: { header: ["Bib", "Name", "Mail"], idColumn: 2, created: [{ importId: "z@example.com" }] },
    });
    expect(await upload("idColumn=none", list)).toMatchObject({ preview: { idColumn: null } });
  });

  it("answers a list with a problem with the preview, and refuses what is not a list as a 400", async () => {
    const troubled = await upload("intent=save", "name;bib\nAnn\u0000;5\n");
    expect(troubled).toMatchObject({
      status: "preview",
      message: expect.stringMatching(/^Nothing was saved/),
      list: { fileName: "participants.csv" },
    });
    expect(troubled.preview!.problems).toEqual([
      { line: 2, field: "name", message: expect.stringMatching(/control characters/) },
    ]);
    for (const [query, body] of [
      ["intent=check", "  \n"],
      ["intent=delete", "name\nAnn\n"],
      ["fileName=a%00b.csv", "name\nAnn\n"],
      ["idColumn=first", "name\nAnn\n"],
    ] as const) {
      await expect(upload(query, body)).rejects.toMatchObject({ status: 400, code: "invalid_request" });
    }
  });
});
