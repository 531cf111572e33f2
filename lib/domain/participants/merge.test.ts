import { asc, eq, sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events, starters } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";
import { newOrganiser } from "@/testing/client";
import {
  hasPostgres,
  openTestDatabase,
  SKIP_WITHOUT_POSTGRES,
  testDrivers,
  type TestDatabase,
} from "@/testing/database";
import { parseParticipantCsv } from "./csv";
import type { MatchPlan } from "./match";
import { applyMerge, planMerge } from "./merge";
import { mergedCsv } from "./merged-csv";

const PUBLIC_URL = "https://racekeys.example";

interface TestEvent {
  eventId: string;
  passcode: string;
  /** In creation order. */
  keys: Array<{ id: string; key: string }>;
}

async function eventWithKeys(db: Db, organiserId: string, count: number): Promise<TestEvent> {
  const event = await createEvent(db, organiserId, { name: `Merge ${crypto.randomUUID()}` });
  await mintStarterKeys(db, { organiserId, eventId: event.id, count });
  const keys = await db
    .select({ id: starters.id, key: starters.key })
    .from(starters)
    .where(eq(starters.eventId, event.id))
    .orderBy(asc(starters.seq));
  return { eventId: event.id, passcode: event.passcode, keys: keys.map((k) => ({ id: k.id, key: k.key! })) };
}

const participantsOf = (db: Db, eventId: string) =>
  db
    .select({ id: starters.id, key: starters.key, name: starters.name, startNumber: starters.startNumber })
    .from(starters)
    .where(eq(starters.eventId, eventId))
    .orderBy(asc(starters.seq));

/** Every row the plan writes or keeps, in file order: "assign" a new key or "update" the starter it names. */
const assignments = (plan: MatchPlan) =>
  [
    ...plan.created.map((row) => ({ row, action: "assign" })),
    ...[...plan.updated, ...plan.unchanged].map((row) => ({ row, action: "update" })),
  ]
    .sort((a, b) => a.row.line - b.row.line)
    .map(({ row: { line, starterId, key, name, startNumber }, action }) => ({
      line,
      starterId,
      key,
      name,
      startNumber,
      action,
    }));

const rowsOf = (csv: string) => {
  const parsed = parseParticipantCsv(csv);
  expect(parsed.problems).toEqual([]);
  return parsed.rows;
};

describe.each(testDrivers())("participant merge on %s", (driver) => {
  let database: TestDatabase;
  let organiserId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    organiserId = (await newOrganiser(database.db)).organiser.id;
  });
  afterAll(async () => database?.close());

  it("plans unused keys, oldest first, for rows without a key, writes nothing, then applies in one go", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 5);
    const rows = rowsOf("\uFEFFVorname;Nachname;Startnummer\r\nZoë;Müller;01\r\nJürgen;Groß;02\r\n");
    const expected = [
      { line: 2, starterId: keys[0]!.id, key: keys[0]!.key, name: "Zoë Müller", startNumber: "01", action: "assign" },
      { line: 3, starterId: keys[1]!.id, key: keys[1]!.key, name: "Jürgen Groß", startNumber: "02", action: "assign" },
    ];
    const plan = await planMerge(database.db, eventId, rows);
    expect(assignments(plan)).toEqual(expected);
    expect(plan.problems).toEqual([]);
    expect((await participantsOf(database.db, eventId)).every((p) => p.name === null && p.startNumber === null)).toBe(
      true,
    );

    expect(await applyMerge(database.db, eventId, rows)).toEqual({ applied: true, plan });
    const after = await participantsOf(database.db, eventId);
    expect(after.map((p) => [p.name, p.startNumber])).toEqual([
      ["Zoë Müller", "01"],
      ["Jürgen Groß", "02"],
      [null, null],
      [null, null],
      [null, null],
    ]);

    // The same list again changes nothing; a new participant gets the next unused key.
    const again = await applyMerge(database.db, eventId, rows);
    expect(again.plan).toMatchObject({ created: [], updated: [], problems: [] });
    expect(again.plan.unchanged).toHaveLength(2);
    expect(await participantsOf(database.db, eventId)).toEqual(after);
    const next = await planMerge(database.db, eventId, rowsOf("name;bib\nAnna;03"));
    expect(next.created[0]!.key).toBe(keys[2]!.key);
  });

  it("updates starters named by starter_id or key, keeping a start number the row leaves empty", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 5);
    await database.db.update(starters).set({ name: "Old", startNumber: "9" }).where(eq(starters.id, keys[2]!.id));
    const rows = rowsOf(
      `starter_id,key,name,bib\n${keys[0]!.id.toUpperCase()},,Anna,1\n,${keys[1]!.key.toLowerCase()},Ben,2\n,${keys[2]!.key},Cleo,\n,,Dan,4\n`,
    );
    const plan = await planMerge(database.db, eventId, rows);
    expect(plan.problems).toEqual([]);
    expect(assignments(plan)).toEqual([
      { line: 2, starterId: keys[0]!.id, key: keys[0]!.key, name: "Anna", startNumber: "1", action: "update" },
      { line: 3, starterId: keys[1]!.id, key: keys[1]!.key, name: "Ben", startNumber: "2", action: "update" },
      { line: 4, starterId: keys[2]!.id, key: keys[2]!.key, name: "Cleo", startNumber: "9", action: "update" },
      // keys[0] is unused and unnamed, but the file names it: Dan gets the next free one.
      { line: 5, starterId: keys[3]!.id, key: keys[3]!.key, name: "Dan", startNumber: "4", action: "assign" },
    ]);
    expect((await applyMerge(database.db, eventId, rows)).applied).toBe(true);
    expect((await participantsOf(database.db, eventId)).map((p) => [p.name, p.startNumber])).toEqual([
      ["Anna", "1"],
      ["Ben", "2"],
      ["Cleo", "9"],
      ["Dan", "4"],
      [null, null],
    ]);
  });

  it("lets a file move start numbers between its own participants", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 3);
    await database.db.update(starters).set({ name: "Anna", startNumber: "5" }).where(eq(starters.id, keys[0]!.id));
    const rows = rowsOf(`key;name;bib\n${keys[0]!.key};Anna;6\n;Ben;5\n`);
    const plan = await planMerge(database.db, eventId, rows);
    expect(plan.problems).toEqual([]);
    expect(assignments(plan).map((a) => [a.name, a.startNumber, a.key])).toEqual([
      ["Anna", "6", keys[0]!.key],
      ["Ben", "5", keys[1]!.key],
    ]);
  });

  it("reports every row problem and writes nothing", async () => {
    const { eventId, keys, passcode } = await eventWithKeys(database.db, organiserId, 6);
    const other = await eventWithKeys(database.db, organiserId, 1);
    await database.db.update(starters).set({ name: "Holder", startNumber: "77" }).where(eq(starters.id, keys[5]!.id));
    const [passcodeSlot] = await database.db
      .insert(starters)
      .values({ eventId, deviceId: "device-1", startNumber: "88" })
      .returning({ id: starters.id });
    const unknownId = crypto.randomUUID();
    const csv = [
      "starter_id;key;name;start number",
      `;;;1`, // 2: no name
      `${unknownId};;Anna;2`, // 3
      `991;;Ben;3`, // 4: a platform's own id
      `;${other.keys[0]!.key};Cleo;4`, // 5
      `;ZZZZZ0;Dan;5`, // 6
      `;${passcode};Eve;6`, // 7
      `;K84N2;Finn;7`, // 8
      `;${keys[0]!.key};Gus;10`, // 9
      `;${keys[0]!.key};Hana;11`, // 10: same key again
      `${keys[1]!.id};${keys[2]!.key};Ida;12`, // 11: key of another starter
      `;;Jon;10`, // 12: start number also on line 9
      `;;Kim;77`, // 13: no key, no id: the starter with start number 77, renamed
      `;;Lou;88`, // 14: held by a passcode participant
      `${passcodeSlot!.id};;Max;`, // 15: a passcode slot has no key to send
      `;;${"x".repeat(201)};`, // 16
      `;;Ned;${"9".repeat(51)}`, // 17
      `;;O\u0000tto;\u00001`, // 18: NUL, which PostgreSQL text cannot hold, in name and start number
      `;;"Pia\tPe";2\u0007`, // 19: a tab and a bell
    ].join("\n");
    const rows = rowsOf(csv);
    const plan = await planMerge(database.db, eventId, rows);
    expect(plan.problems).toEqual([
      { line: 2, field: "name", message: "the name is missing" },
      { line: 3, field: "starterId", message: `no participant of this event has starter_id ${unknownId}` },
      { line: 4, field: "starterId", message: "no participant of this event has starter_id 991" },
      // Another event's key and a key that exists nowhere get the same answer.
      { line: 5, field: "key", message: `key ${other.keys[0]!.key} is not a key of this event` },
      { line: 6, field: "key", message: "key ZZZZZ0 is not a key of this event" },
      { line: 7, field: "key", message: `${passcode} is the event's passcode, not a personal key` },
      { line: 8, field: "key", message: '"K84N2" is not a key: keys are six letters or digits' },
      { line: 10, field: "key", message: "the same participant as line 9" },
      {
        line: 11,
        field: "key",
        message: `key ${keys[2]!.key} is not the key of starter_id ${keys[1]!.id} (${keys[1]!.key})`,
      },
      { line: 12, field: "startNumber", message: "start number 10 is also on line 9" },
      {
        line: 14,
        field: "startNumber",
        message: "start number 88 is already given to a participant who joined with the passcode",
      },
      {
        line: 15,
        field: "starterId",
        message: `starter_id ${passcodeSlot!.id} joined with the passcode and has no key`,
      },
      { line: 16, field: "name", message: "the name is longer than 200 characters" },
      { line: 17, field: "startNumber", message: "the start number is longer than 50 characters" },
      {
        line: 18,
        field: "name",
        message: "the name contains control characters (such as tabs or invisible characters): remove them",
      },
      {
        line: 18,
        field: "startNumber",
        message: "the start number contains control characters (such as tabs or invisible characters): remove them",
      },
      {
        line: 19,
        field: "name",
        message: "the name contains control characters (such as tabs or invisible characters): remove them",
      },
      {
        line: 19,
        field: "startNumber",
        message: "the start number contains control characters (such as tabs or invisible characters): remove them",
      },
    ]);
    expect(assignments(plan).map((a) => [a.line, a.key])).toEqual([
      [9, keys[0]!.key],
      [13, keys[5]!.key],
    ]);

    const before = await participantsOf(database.db, eventId);
    const result = await applyMerge(database.db, eventId, rows);
    expect(result).toEqual({ applied: false, plan });
    expect(await participantsOf(database.db, eventId)).toEqual(before);
  });

  it("reports rows left without a key when the unused keys run out, counting only unused unnamed keys", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 4);
    await database.db.update(starters).set({ keyUsed: true }).where(eq(starters.id, keys[0]!.id));
    await database.db.update(starters).set({ name: "Taken" }).where(eq(starters.id, keys[1]!.id));
    const plan = await planMerge(database.db, eventId, rowsOf("name\nAnna\nBen\nCleo\nDan\n"));
    expect(assignments(plan).map((a) => [a.name, a.key])).toEqual([
      ["Anna", keys[2]!.key],
      ["Ben", keys[3]!.key],
    ]);
    expect(plan.problems).toEqual([
      { line: 4, field: "key", message: "no unused key left for this participant: mint 2 more keys" },
      { line: 5, field: "key", message: "no unused key left for this participant: mint 2 more keys" },
    ]);
  });

  it("writes the merged CSV: every column of the upload in order, then key, link and QR image URL", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 2);
    const parsed = parseParticipantCsv(
      'Name;E-Mail;Bib;Club\n=Zoë Müller;zoe@example.com;02;"TSV; 1860"\n"Meier; Hans";;;\n',
    );
    const { plan } = await applyMerge(database.db, eventId, parsed.rows);
    const csv = mergedCsv(parsed, [...plan.created, ...plan.updated, ...plan.unchanged], {
      delimiter: parsed.delimiter,
      publicUrl: PUBLIC_URL,
    });
    expect(csv.split("\r\n")[0]).toBe("Name;E-Mail;Bib;Club;key;link;qrCodeUrl");
    expect(csv).toContain("'=Zoë Müller;zoe@example.com;02;"); // a formula-looking name is neutralised
    const records = Papa.parse<string[]>(csv.trimEnd(), { delimiter: ";" }).data;
    expect(records.slice(1)).toEqual([
      [
        "'=Zoë Müller",
        "zoe@example.com",
        "02",
        "TSV; 1860",
        keys[0]!.key,
        keyLink(PUBLIC_URL, keys[0]!.key, { name: "=Zoë Müller", startNumber: "02" }),
        qrCodeUrl(PUBLIC_URL, keys[0]!.key, { name: "=Zoë Müller", startNumber: "02" }),
      ],
      [
        "Meier; Hans",
        "",
        "",
        "",
        keys[1]!.key,
        keyLink(PUBLIC_URL, keys[1]!.key, { name: "Meier; Hans" }),
        qrCodeUrl(PUBLIC_URL, keys[1]!.key, { name: "Meier; Hans" }),
      ],
    ]);

    // The merged list uploaded again: nothing changes, and its key, link and QR columns are refilled, not doubled.
    const again = parseParticipantCsv(csv);
    expect(again.problems).toEqual([]);
    const replan = await planMerge(database.db, eventId, again.rows);
    expect(replan).toMatchObject({ created: [], updated: [], problems: [] });
    expect(mergedCsv(again, replan.unchanged, { delimiter: ";", publicUrl: PUBLIC_URL })).toBe(csv);
  });

  it("saves a registration export again and again: no change, then 3 new and 1 corrected, a missing one listed", async () => {
    const { eventId, keys } = await eventWithKeys(database.db, organiserId, 8);
    const header = "Teilnehmer-ID;Vorname;Nachname;Startnummer;E-Mail";
    const first = [header, "T1;Anna;Schmidt;1;a@x.de", "T2;Ben;Cox;2;b@x.de", "T3;Cem;Yıldız;3;c@x.de"];
    const saved = await applyMerge(database.db, eventId, rowsOf(first.join("\n")));
    expect(saved.plan.created.map((c) => c.importId)).toEqual(["T1", "T2", "T3"]);

    const same = await applyMerge(database.db, eventId, rowsOf(first.join("\n")));
    expect(same.plan).toMatchObject({ created: [], updated: [], missing: [], problems: [] });
    expect(same.plan.unchanged).toHaveLength(3);

    const next = [header, "T1;Anna;Schmidt;1;a@x.de", "T2;Ben;Cocks;2;b@x.de", "T4;Dana;Eck;;d@x.de"];
    next.push("T5;Emil;Faß;5;e@x.de", "T6;Frida;Gül;6;f@x.de");
    const changed = await applyMerge(database.db, eventId, rowsOf(next.join("\n")));
    expect(changed.applied).toBe(true);
    expect(changed.plan.created.map((c) => [c.importId, c.key])).toEqual([
      ["T4", keys[3]!.key],
      ["T5", keys[4]!.key],
      ["T6", keys[5]!.key],
    ]);
    expect(changed.plan.updated.map((u) => [u.key, u.changes])).toEqual([
      [keys[1]!.key, [{ field: "name", from: "Ben Cox", to: "Ben Cocks" }]],
    ]);
    expect(changed.plan.missing.map((m) => [m.key, m.importId, m.name])).toEqual([[keys[2]!.key, "T3", "Cem Yıldız"]]);
    const stored = await database.db
      .select({ key: starters.key, importId: starters.importId, name: starters.name })
      .from(starters)
      .where(eq(starters.eventId, eventId))
      .orderBy(asc(starters.seq));
    expect(stored.slice(0, 7).map((s) => [s.importId, s.name])).toEqual([
      ["T1", "Anna Schmidt"],
      ["T2", "Ben Cocks"],
      ["T3", "Cem Yıldız"], // not in the list any more: kept
      ["T4", "Dana Eck"],
      ["T5", "Emil Faß"],
      ["T6", "Frida Gül"],
      [null, null],
    ]);
  });

  it("refuses a second starter with one registration id in the database too", async () => {
    const { keys } = await eventWithKeys(database.db, organiserId, 2);
    await database.db.update(starters).set({ importId: "T1" }).where(eq(starters.id, keys[0]!.id));
    await expect(
      database.db.update(starters).set({ importId: "T1" }).where(eq(starters.id, keys[1]!.id)),
    ).rejects.toThrow();
  });
});

// Skipped without TEST_DATABASE_URL (CI always sets it): PGlite runs one statement at a time, so
// concurrent merges can only race on a real PostgreSQL server.
describe.skipIf(!hasPostgres())("concurrent participant merges on postgres", () => {
  let database: TestDatabase;
  let organiserId: string;

  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    organiserId = (await newOrganiser(database.db)).organiser.id;
  });
  afterAll(async () => database?.close());

  const names = (prefix: string, count: number) =>
    `name\n${Array.from({ length: count }, (_, i) => `${prefix} ${i}`).join("\n")}\n`;

  it("never hands out one key twice: four merges at once each get keys of their own while enough are left", async () => {
    const { eventId } = await eventWithKeys(database.db, organiserId, 30);
    const files = ["Anna", "Ben", "Cleo", "Dan"].map((prefix) => rowsOf(names(prefix, 6)));
    const results = await Promise.all(files.map((rows) => applyMerge(database.db, eventId, rows)));
    expect(results.map((r) => r.applied)).toEqual([true, true, true, true]);
    const assigned = results.flatMap((r) => r.plan.created.map((a) => a.key));
    expect(new Set(assigned).size).toBe(24);
    const named = (await participantsOf(database.db, eventId)).filter((p) => p.name !== null);
    expect(named).toHaveLength(24);
  });

  it("refuses the second merge when the first took the keys it planned with", async () => {
    const { eventId } = await eventWithKeys(database.db, organiserId, 15);
    const rows = [rowsOf(names("Anna", 10)), rowsOf(names("Ben", 10))];
    // Both plan before either applies: each sees 15 unused keys.
    for (const r of rows) expect((await planMerge(database.db, eventId, r)).problems).toEqual([]);
    const results = await Promise.all(rows.map((r) => applyMerge(database.db, eventId, r)));
    expect(results.map((r) => r.applied).sort()).toEqual([false, true]);
    const refused = results.find((r) => !r.applied)!;
    expect(refused.plan.problems).toHaveLength(5);
    expect(refused.plan.problems[0]!.message).toBe("no unused key left for this participant: mint 5 more keys");
    const named = (await participantsOf(database.db, eventId)).filter((p) => p.name !== null);
    expect(named).toHaveLength(10);
    expect(new Set(named.map((p) => p.name!.split(" ")[0])).size).toBe(1); // all from one file
  });

  it("two saves of one list at once create its participants once: the second finds them saved", async () => {
    const { eventId } = await eventWithKeys(database.db, organiserId, 20);
    const list = `id;name\n${Array.from({ length: 8 }, (_, i) => `R${i};Runner ${i}`).join("\n")}\n`;
    const results = await Promise.all([1, 2].map(() => applyMerge(database.db, eventId, rowsOf(list))));
    expect(results.map((r) => r.applied)).toEqual([true, true]);
    expect(results.map((r) => [r.plan.created.length, r.plan.unchanged.length]).sort()).toEqual([
      [0, 8],
      [8, 0],
    ]);
    const named = (await participantsOf(database.db, eventId)).filter((p) => p.name !== null);
    expect(named).toHaveLength(8);
  });

  it("waits for the event lock, so a merge cannot interleave with another one", async () => {
    const { eventId } = await eventWithKeys(database.db, organiserId, 3);
    let releaseLock!: () => void;
    const held = new Promise<void>((resolve) => (releaseLock = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const blocker = database.db.transaction(async (tx) => {
      await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
      locked();
      await held;
    });
    await lockTaken;
    let done = false;
    const merge = applyMerge(database.db, eventId, rowsOf("name\nAnna\n")).then((r) => {
      done = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    const waiting = await database.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
    );
    expect(JSON.stringify(waiting)).toContain('"n":1');
    releaseLock();
    await blocker;
    expect((await merge).applied).toBe(true);
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without PostgreSQL, one skipped placeholder says why in the report.
if (!hasPostgres()) describe("concurrent participant merges", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
