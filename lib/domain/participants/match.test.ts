import { describe, expect, it } from "vitest";
import { planMatch, type KnownStarter, type MatchRow } from "./match";

/** Starters with keys K00001…, ids s1…, in the order keys are handed out. */
const starter = (n: number, data: Partial<KnownStarter> = {}): KnownStarter => ({
  id: `s${n}`,
  key: `K0000${n}`,
  keyUsed: false,
  importId: null,
  startNumber: null,
  name: null,
  ...data,
});

const registrations = [
  { importId: "R-1", startNumber: "1", name: "Anna Schmidt" },
  { importId: "R-2", startNumber: "2", name: "Ben Cox" },
  { importId: "R-3", startNumber: "3", name: "Chloé Dubois" },
];
const rowsOf = (list: Array<Omit<MatchRow, "line">>): MatchRow[] => list.map((r, i) => ({ line: i + 2, ...r }));
/** The event after the registrations above were saved once, and three keys nobody has yet. */
const saved = (): KnownStarter[] => [
  ...registrations.map((r, i) => starter(i + 1, r)),
  starter(4),
  starter(5),
  starter(6),
];

describe("planMatch", () => {
  it("gives new participants unused keys nobody has yet, in order", () => {
    const plan = planMatch({ rows: rowsOf(registrations), starters: [starter(1), starter(2), starter(3)] });
    expect(plan).toEqual({
      created: registrations.map((r, i) => ({ line: i + 2, starterId: `s${i + 1}`, key: `K0000${i + 1}`, ...r })),
      updated: [],
      unchanged: [],
      missing: [],
      problems: [],
    });
  });

  it("plans no change for the same export again", () => {
    const plan = planMatch({ rows: rowsOf(registrations), starters: saved() });
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([]);
    expect(plan.unchanged.map((m) => m.key)).toEqual(["K00001", "K00002", "K00003"]);
    expect(plan.missing).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it("plans 3 new keys and 1 update for an export with 3 new registrations and a corrected name", () => {
    const rows = rowsOf([
      registrations[0]!,
      { ...registrations[1]!, name: "Ben Cocks" },
      registrations[2]!,
      { importId: "R-4", startNumber: "4", name: "Dana Eck" },
      { importId: "R-5", startNumber: "5", name: "Emil Faß" },
      { importId: "R-6", startNumber: null, name: "Frida Gül" },
    ]);
    const plan = planMatch({ rows, starters: saved() });
    expect(plan.created).toEqual([
      { line: 5, starterId: "s4", key: "K00004", importId: "R-4", startNumber: "4", name: "Dana Eck" },
      { line: 6, starterId: "s5", key: "K00005", importId: "R-5", startNumber: "5", name: "Emil Faß" },
      { line: 7, starterId: "s6", key: "K00006", importId: "R-6", startNumber: null, name: "Frida Gül" },
    ]);
    expect(plan.updated).toEqual([
      {
        line: 3,
        starterId: "s2",
        key: "K00002",
        importId: "R-2",
        startNumber: "2",
        name: "Ben Cocks",
        changes: [{ field: "name", from: "Ben Cox", to: "Ben Cocks" }],
      },
    ]);
    expect(plan.unchanged.map((m) => m.line)).toEqual([2, 4]);
    expect(plan.problems).toEqual([]);
  });

  it("lists a registration that disappeared, and changes nothing about it", () => {
    const plan = planMatch({ rows: rowsOf([registrations[0]!, registrations[2]!]), starters: saved() });
    expect(plan.missing).toEqual([saved()[1]]);
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([]);
  });

  it("matches by the id column before the start number: a registration whose start number changed is an update", () => {
    const rows = rowsOf([{ importId: "R-2", startNumber: "12", name: "Ben Cox" }]);
    const plan = planMatch({ rows, starters: saved() });
    expect(plan.updated).toEqual([
      expect.objectContaining({ key: "K00002", changes: [{ field: "startNumber", from: "2", to: "12" }] }),
    ]);
    expect(plan.missing.map((s) => s.id)).toEqual(["s1", "s3"]);
  });

  it("lets two registrations swap start numbers", () => {
    const rows = rowsOf([
      { importId: "R-1", startNumber: "2", name: "Anna Schmidt" },
      { importId: "R-2", startNumber: "1", name: "Ben Cox" },
    ]);
    const plan = planMatch({ rows, starters: saved() });
    expect(plan.problems).toEqual([]);
    expect(plan.updated.map((u) => [u.key, u.startNumber])).toEqual([
      ["K00001", "2"],
      ["K00002", "1"],
    ]);
  });

  it("without an id column, falls back to the start number, then the key", () => {
    const starters = [
      starter(1, { startNumber: "7", name: "Anna Schmidt" }),
      starter(2, { name: "Ben Cox" }),
      starter(3),
    ];
    const rows = rowsOf([
      { startNumber: "7", name: "Anna Schmit" },
      { key: "K00002", startNumber: "8", name: "Ben Cox" },
    ]);
    const plan = planMatch({ rows, starters });
    expect(plan.updated.map((u) => [u.key, u.changes])).toEqual([
      ["K00001", [{ field: "name", from: "Anna Schmidt", to: "Anna Schmit" }]],
      ["K00002", [{ field: "startNumber", from: null, to: "8" }]],
    ]);
    expect(plan.created).toEqual([]);
  });

  it("stores the id of a registration first saved without one, matched by start number", () => {
    const starters = [starter(1, { startNumber: "1", name: "Anna Schmidt" })];
    const plan = planMatch({ rows: rowsOf([registrations[0]!]), starters });
    expect(plan.updated).toEqual([
      expect.objectContaining({ key: "K00001", changes: [{ field: "importId", from: null, to: "R-1" }] }),
    ]);
  });

  it("reads our own exports: starter_id names the starter, a key must be its own", () => {
    const plan = planMatch({
      rows: rowsOf([
        { starterId: "s1", key: "K00001", name: "Anna Schmidt", startNumber: "1" },
        { starterId: "s2", key: "K00003", name: "Ben Cox" },
      ]),
      starters: saved(),
    });
    expect(plan.unchanged.map((m) => m.key)).toEqual(["K00001"]);
    expect(plan.problems).toEqual([
      { line: 3, field: "key", message: "key K00003 is not the key of starter_id s2 (K00002)" },
    ]);
  });

  it("reports duplicates in the upload: the same id, the same key, the same start number", () => {
    const plan = planMatch({
      rows: rowsOf([
        { importId: "R-9", name: "Ida" },
        { importId: "R-9", name: "Ida again" },
        { key: "K00004", name: "Jan" },
        { key: "K00004", name: "Jan again" },
        { startNumber: "40", name: "Kim" },
        { startNumber: "40", name: "Lou" },
      ]),
      starters: saved(),
    });
    expect(plan.problems).toEqual([
      { line: 3, field: "importId", message: "id R-9 is also on line 2" },
      { line: 5, field: "key", message: "the same participant as line 4" },
      { line: 7, field: "startNumber", message: "start number 40 is also on line 6" },
    ]);
    expect([...plan.created, ...plan.updated, ...plan.unchanged].map((m) => m.line)).toEqual([2, 6, 4]);
  });

  it("refuses rows that would take another starter's key or start number, instead of moving them", () => {
    const plan = planMatch({
      rows: rowsOf([
        { importId: "R-1", key: "K00002", name: "Anna Schmidt" },
        { importId: "R-7", key: "K00003", name: "Gil" },
        { importId: "R-8", startNumber: "3", name: "Hana" },
      ]),
      starters: saved(),
    });
    expect(plan.problems).toEqual([
      { line: 2, field: "key", message: "key K00002 is not the key of id R-1 (K00001)" },
      { line: 3, field: "importId", message: "key K00003 belongs to id R-3, not R-7" },
      { line: 4, field: "startNumber", message: "start number 3 is already given to key K00003" },
    ]);
  });

  it("reports rows with bad values, unknown keys and the passcode, and rows left without a key", () => {
    const plan = planMatch({
      rows: rowsOf([
        { name: null },
        { name: "x".repeat(201) },
        { name: "Tab\tName", startNumber: "1\u0000" },
        { name: "Ann", key: "ABC" },
        { name: "Ann", key: "PASS01" },
        { name: "Ann", key: "ZZZZZZ" },
        { name: "One" },
        { name: "Two" },
      ]),
      starters: [starter(1), starter(2, { keyUsed: true }), { ...starter(3), key: null, startNumber: "5" }],
      passcode: "PASS01",
    });
    expect(plan.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, "name", "the name is missing"],
      [3, "name", "the name is longer than 200 characters"],
      [4, "name", "the name contains control characters (such as tabs or invisible characters): remove them"],
      [
        4,
        "startNumber",
        "the start number contains control characters (such as tabs or invisible characters): remove them",
      ],
      [5, "key", '"ABC" is not a key: keys are six letters or digits'],
      [6, "key", "PASS01 is the event's passcode, not a personal key"],
      [7, "key", "key ZZZZZZ is not a key of this event"],
      [9, "key", "no unused key left for this participant: mint 1 more key"],
    ]);
    expect(plan.created.map((c) => [c.line, c.key])).toEqual([[8, "K00001"]]);
  });

  it("reports a start number held by a passcode participant", () => {
    const plan = planMatch({
      rows: rowsOf([{ startNumber: "5", name: "Mo" }]),
      starters: [starter(1), { ...starter(2), key: null, startNumber: "5", name: "App user" }],
    });
    expect(plan.problems).toEqual([
      {
        line: 2,
        field: "startNumber",
        message: "start number 5 is already given to a participant who joined with the passcode",
      },
    ]);
  });
});
