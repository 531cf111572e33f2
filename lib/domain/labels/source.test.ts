import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { countLabels, starterKeyLabels } from "./source";

const COUNT = 4500; // more than two pages of 2,000

describe.each(testDrivers())("starterKeyLabels over several pages on %s", (driver) => {
  let database: TestDatabase;
  let eventId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { token } = await newOrganiser(database.db);
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Paging Run" } });
    eventId = ((await created.json()) as { id: string }).id;
    const minted = await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=${COUNT}`, {
      token,
    });
    expect(minted.status).toBe(201);
    // Start numbers from 1 to 1500, each three times (ties across page ends), every 7th text, every 11th none.
    await database.db.execute(sql`
      update ${starters} set
        start_number = case when s.n % 11 = 0 then null when s.n % 7 = 0 then 'T' || (s.n % 50) else ((s.n % 1500) + 1)::text end,
        name = case when s.n % 5 = 0 then null else 'Name ' || (s.n % 97) end
      from (select id, row_number() over (order by seq) as n from ${starters} where event_id = ${eventId}) s
      where ${starters.id} = s.id`);
  });
  afterAll(async () => database?.close());

  const read = async (selection: Parameters<typeof starterKeyLabels>[2]) => {
    const labels = [];
    for await (const label of starterKeyLabels(database.db, eventId, selection, "https://racekeys.example"))
      labels.push(label);
    return labels;
  };

  it("reads every label exactly once, in natural start number order, across page ends", async () => {
    const labels = await read({});
    expect(labels).toHaveLength(COUNT);
    expect(new Set(labels.map((l) => l.key)).size).toBe(COUNT);
    const rank = (n: string | null) => (n === null || n === "" ? 2 : /^\d+$/.test(n) ? 0 : 1);
    for (let i = 1; i < labels.length; i++) {
      const [a, b] = [labels[i - 1]!.startNumber, labels[i]!.startNumber];
      expect(rank(a) <= rank(b), `${a} before ${b}`).toBe(true);
      if (rank(a) === 0 && rank(b) === 0) expect(Number(a) <= Number(b), `${a} before ${b}`).toBe(true);
    }
  });

  it("reads every label once by name and by key, and a range of start numbers", async () => {
    for (const sort of ["name", "key"] as const) {
      const labels = await read({ sort });
      expect(new Set(labels.map((l) => l.key)).size).toBe(COUNT);
    }
    const byKey = (await read({ sort: "key" })).map((l) => l.key);
    expect(byKey).toEqual([...byKey].sort());
    const range = await read({ from: 100, to: 1200 });
    const expected = await database.db
      .select({ startNumber: starters.startNumber })
      .from(starters)
      .where(eq(starters.eventId, eventId))
      .then((rows) =>
        rows.filter((r) => /^\d+$/.test(r.startNumber ?? "") && +r.startNumber! >= 100 && +r.startNumber! <= 1200),
      );
    expect(range).toHaveLength(expected.length);
    expect(range.every((l) => Number(l.startNumber) >= 100 && Number(l.startNumber) <= 1200)).toBe(true);
  });

  it("counts the labels a selection prints, for the dashboard's sheet count", async () => {
    for (const selection of [
      {},
      { from: 100, to: 1200 },
      { from: 1400 },
      { to: 3 },
      { from: 10, to: 1 },
      { used: true },
    ])
      expect(await countLabels(database.db, eventId, selection), JSON.stringify(selection)).toBe(
        (await read(selection)).length,
      );
  });
});
