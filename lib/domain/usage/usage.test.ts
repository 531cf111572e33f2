import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyBindings, starters } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { usageCsv, usageReport } from "./usage";

describe.each(testDrivers())("usage report on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => database?.close());

  it("counts per calendar day of the zone: 23:30 UTC is the next day in Berlin; a key used twice counts once", async () => {
    const { organiser } = await newOrganiser(database.db);
    const event = await createEvent(database.db, organiser.id, { name: "Midnight Run" });
    await mintStarterKeys(database.db, { organiserId: organiser.id, eventId: event.id, count: 3 });
    const [a, b, c] = await database.db
      .select({ id: starters.id })
      .from(starters)
      .where(eq(starters.eventId, event.id))
      .orderBy(asc(starters.seq));
    const at = (iso: string) => new Date(iso);
    await database.db
      .update(starters)
      .set({ createdAt: at("2027-04-30T12:00:00Z") })
      .where(eq(starters.id, a!.id));
    await database.db
      .update(starters)
      .set({ createdAt: at("2027-04-30T23:30:00Z") })
      .where(eq(starters.id, b!.id));
    await database.db
      .update(starters)
      .set({ createdAt: at("2027-05-01T10:00:00Z") })
      .where(eq(starters.id, c!.id));
    await database.db.insert(keyBindings).values([
      { starterId: a!.id, deviceId: "p1", boundAt: at("2027-04-30T23:10:00Z"), releasedAt: at("2027-05-01T08:00:00Z") },
      { starterId: a!.id, deviceId: "p2", boundAt: at("2027-05-02T08:00:00Z") },
      { starterId: b!.id, deviceId: "p3", boundAt: at("2027-05-01T09:00:00Z") },
    ]);
    await database.db
      .insert(starters)
      .values({ eventId: event.id, deviceId: "passcode-phone", createdAt: at("2027-05-02T07:00:00Z") });

    const berlin = await usageReport(database.db, event.id, "Europe/Berlin");
    expect(berlin).toEqual({
      timeZone: "Europe/Berlin",
      total: { keysMinted: 3, keysUsed: 2, passcodeDevices: 1 },
      days: [
        { date: "2027-04-30", keysMinted: 1, keysUsed: 0, passcodeDevices: 0 },
        { date: "2027-05-01", keysMinted: 2, keysUsed: 2, passcodeDevices: 0 },
        { date: "2027-05-02", keysMinted: 0, keysUsed: 0, passcodeDevices: 1 },
      ],
    });
    const utc = await usageReport(database.db, event.id, "UTC");
    expect(utc.days.map((d) => [d.date, d.keysMinted, d.keysUsed])).toEqual([
      ["2027-04-30", 2, 1],
      ["2027-05-01", 1, 1],
      ["2027-05-02", 0, 0],
    ]);
    expect(usageCsv(berlin)).toBe(
      "date,keysMinted,keysUsed,passcodeDevices\r\n2027-04-30,1,0,0\r\n2027-05-01,2,2,0\r\n2027-05-02,0,0,1\r\ntotal,3,2,1\r\n",
    );
  });
});
