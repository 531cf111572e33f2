import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { eventActivity } from "@/lib/adapters/dashboard/stats";
import { testDrivers, type DriverKind } from "@/testing/database";
import { migrationsBefore, partlyMigrated, type Cleanup } from "@/testing/migrations";

/**
 * Migration 0002 on a database that has data of the migrations before it: existing landing-page
 * visits become per-hour counts that give the statistics the same numbers, and each event's
 * passcode slot count starts at the slots it already has.
 */

const EVENT = "6f1c2a52-0000-4000-8000-000000000001";
const OTHER_EVENT = "6f1c2a52-0000-4000-8000-000000000002";

/** Two events, passcode slots and keys, and visits at whole and odd minutes, in the schema before 0002. */
const OLD_DATA = [
  `insert into organisers (id, email) values ('6f1c2a52-0000-4000-8000-0000000000aa', 'old@example.com')`,
  `insert into codes (code, event_id, kind) values
     ('PASS22', '${EVENT}', 'passcode'), ('PASS33', '${OTHER_EVENT}', 'passcode'), ('KEY222', '${EVENT}', 'key')`,
  `insert into events (id, organiser_id, name, slug, passcode) values
     ('${EVENT}', '6f1c2a52-0000-4000-8000-0000000000aa', 'Old Run', 'old-run', 'PASS22'),
     ('${OTHER_EVENT}', '6f1c2a52-0000-4000-8000-0000000000aa', 'Other Run', 'other-run', 'PASS33')`,
  `insert into starters (event_id, key, device_id, key_used) values
     ('${EVENT}', 'KEY222', null, false), ('${EVENT}', null, 'phone-1', true),
     ('${EVENT}', null, 'phone-2', true), ('${EVENT}', null, 'phone-3', true)`,
  `insert into landing_visits (event_id, platform, in_app, visited_at) values
     ('${EVENT}', 'ios', true, '2026-04-30T22:10:00Z'),
     ('${EVENT}', 'ios', true, '2026-04-30T22:59:59Z'),
     ('${EVENT}', 'ios', false, '2026-04-30T22:50:00Z'),
     ('${EVENT}', 'ios', true, '2026-04-30T23:00:00Z'),
     ('${EVENT}', 'android', false, '2026-05-01T01:00:00Z'),
     ('${EVENT}', 'desktop', false, '2026-05-03T12:34:56Z'),
     ('${OTHER_EVENT}', 'desktop', false, '2026-05-01T01:00:00Z')`,
];

/** The statistics page's visit query before 0002, one row per visit. */
const oldVisitCounts = (database: Database, timeZone: string) =>
  queryRows<{ hour: string; platform: string; in_app: boolean; count: string | number }>(
    database.db,
    sql`select to_char(date_trunc('hour', visited_at at time zone ${timeZone}), 'YYYY-MM-DD"T"HH24') as hour,
               platform, in_app, count(*) as count
        from landing_visits where event_id = ${EVENT} group by 1, 2, 3 order by 1`,
  ).then((rows) => rows.map((r) => ({ hour: r.hour, platform: r.platform, inApp: r.in_app, count: Number(r.count) })));

const byHourAndPlatform = <T extends { hour: string; platform: string; inApp: boolean }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.hour}${a.platform}${a.inApp}`.localeCompare(`${b.hour}${b.platform}${b.inApp}`));

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"];

describe.each(testDrivers())("migration 0002 on %s", (kind: DriverKind) => {
  const cleanups: Cleanup[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("folds existing visits into hourly counts with the same statistics, and counts existing passcode slots", async () => {
    const folder = migrationsBefore("0002_access_limits", cleanups);
    const { database, finish } = await partlyMigrated(kind, folder, cleanups);
    for (const statement of OLD_DATA) await database.db.execute(sql.raw(statement));
    const before = new Map<string, Awaited<ReturnType<typeof oldVisitCounts>>>();
    for (const zone of ZONES) before.set(zone, await oldVisitCounts(database, zone));

    await finish();

    for (const zone of ZONES) {
      const after = (await eventActivity(database.db, EVENT, zone)).visits;
      expect(byHourAndPlatform(after), zone).toEqual(byHourAndPlatform(before.get(zone)!));
    }
    const counts = await queryRows<{ event_id: string; code: string | null; count: number }>(
      database.db,
      sql`select event_id, code, count from landing_visit_counts order by event_id, hour, platform, in_app`,
    );
    expect(counts.map((c) => c.count)).toEqual([1, 2, 1, 1, 1, 1]); // 22:00 ios (not in app, in app), 23:00, 01:00, 12:00; other event
    expect(counts.every((c) => c.code === null)).toBe(true);
    const slots = await queryRows<{ id: string; passcode_slots: number }>(
      database.db,
      sql`select id, passcode_slots from events order by id`,
    );
    expect(slots).toEqual([
      { id: EVENT, passcode_slots: 3 },
      { id: OTHER_EVENT, passcode_slots: 0 },
    ]);
  });
});
