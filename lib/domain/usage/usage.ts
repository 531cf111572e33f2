import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import { csvRow } from "@/lib/domain/keys/csv";
import type { Usage, UsageCounts } from "./schemas";

type DayRow = { day: string; minted: number | string; used: number | string; devices: number | string };

/**
 * What an event used, for reconciling an invoice: keys minted (starters with a key, by creation),
 * keys used (by the day of each key's first binding: keys are billed when used, once), and phones
 * that joined with the passcode (by the day they joined); per calendar day of `timeZone`, and in total.
 */
export async function usageReport(db: Queryable, eventId: string, timeZone: string): Promise<Usage> {
  const rows = await queryRows<DayRow>(
    db,
    sql`with minted as (
          select (created_at at time zone ${timeZone})::date as day,
                 count(*) filter (where key is not null) as minted,
                 count(*) filter (where key is null) as devices
          from starters where event_id = ${eventId} group by 1),
        used as (
          select (first_bound at time zone ${timeZone})::date as day, count(*) as used
          from (select min(b.bound_at) as first_bound from key_bindings b
                join starters s on s.id = b.starter_id
                where s.event_id = ${eventId} and s.key is not null group by s.id) firsts
          group by 1)
        select to_char(coalesce(minted.day, used.day), 'YYYY-MM-DD') as day,
               coalesce(minted.minted, 0) as minted, coalesce(used.used, 0) as used,
               coalesce(minted.devices, 0) as devices
        from minted full join used on used.day = minted.day
        order by 1`,
  );
  const days = rows.map((row) => ({
    date: row.day,
    keysMinted: Number(row.minted),
    keysUsed: Number(row.used),
    passcodeDevices: Number(row.devices),
  }));
  const total: UsageCounts = { keysMinted: 0, keysUsed: 0, passcodeDevices: 0 };
  for (const day of days) {
    total.keysMinted += day.keysMinted;
    total.keysUsed += day.keysUsed;
    total.passcodeDevices += day.passcodeDevices;
  }
  return { timeZone, total, days };
}

/** The report as CSV: one line per day, then the total. */
export function usageCsv(usage: Usage): string {
  const line = (date: string, c: UsageCounts) => csvRow([date, c.keysMinted, c.keysUsed, c.passcodeDevices], ",");
  return (
    csvRow(["date", "keysMinted", "keysUsed", "passcodeDevices"], ",") +
    usage.days.map((day) => line(day.date, day)).join("") +
    line("total", usage.total)
  );
}
