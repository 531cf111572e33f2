import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";

/**
 * Statistics of one event: keys minted and used over time, landing-page visits by platform and
 * in-app share. The database counts per hour of the organiser's wall clock; the pure functions
 * below fill the gaps and roll hours up into days when the data spans more than three days.
 */

export type Platform = "ios" | "android" | "desktop";
export const PLATFORMS: Platform[] = ["ios", "android", "desktop"];
export const PLATFORM_LABELS: Record<Platform, string> = {
  ios: "iPhone / iPad",
  android: "Android",
  desktop: "Computer",
};

export type Granularity = "hour" | "day";

/** A count in one wall-clock hour, "YYYY-MM-DDTHH". */
export interface HourCount {
  hour: string;
  count: number;
}

export interface VisitHourCount extends HourCount {
  platform: Platform;
  inApp: boolean;
}

export interface EventActivity {
  minted: HourCount[];
  used: HourCount[];
  visits: VisitHourCount[];
}

const HOUR_MS = 3_600_000;
/** Up to this span, charts show hours; beyond it, days. */
const HOURLY_SPAN_LIMIT_MS = 3 * 24 * HOUR_MS;

/** The wall-clock hour of a timestamp column in the zone, as "YYYY-MM-DDTHH". */
const hourBucket = (column: "created_at" | "redeemed_at" | "hour", timeZone: string) =>
  sql`to_char(date_trunc('hour', ${sql.raw(column)} at time zone ${timeZone}), 'YYYY-MM-DD"T"HH24')`;

/** Hourly counts of an event in the organiser's zone; the caller has checked the event is theirs. */
export async function eventActivity(db: Queryable, eventId: string, timeZone: string): Promise<EventActivity> {
  const created = hourBucket("created_at", timeZone);
  const redeemed = hourBucket("redeemed_at", timeZone);
  // Visits are counted per UTC hour: in zones a whole number of hours off UTC each is one local
  // hour; in the few others (India, Nepal, Newfoundland, …) it is shown in the hour it starts in.
  const visited = hourBucket("hour", timeZone);
  const [minted, used, visits] = await Promise.all([
    queryRows<{ hour: string; count: string | number }>(
      db,
      sql`select ${created} as hour, count(*) as count from starters
          where event_id = ${eventId} and key is not null group by 1 order by 1`,
    ),
    queryRows<{ hour: string; count: string | number }>(
      db,
      sql`select ${redeemed} as hour, count(*) as count from starters
          where event_id = ${eventId} and key is not null and redeemed_at is not null group by 1 order by 1`,
    ),
    queryRows<{ hour: string; platform: Platform; in_app: boolean; count: string | number }>(
      db,
      sql`select ${visited} as hour, platform, in_app, sum(count) as count from landing_visit_counts
          where event_id = ${eventId} group by 1, 2, 3 order by 1`,
    ),
  ]);
  return {
    minted: minted.map((r) => ({ hour: r.hour, count: Number(r.count) })),
    used: used.map((r) => ({ hour: r.hour, count: Number(r.count) })),
    visits: visits.map((r) => ({ hour: r.hour, platform: r.platform, inApp: r.in_app, count: Number(r.count) })),
  };
}

/** Wall-clock hours as UTC instants, only to step through them; never shown as UTC. */
const hourMs = (hour: string) => Date.parse(`${hour}:00:00Z`);
const hourString = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/**
 * The buckets from the first hour seen to the last, every one of them, in order. With `now`, up to
 * the current hour when that is at most three days after the last: on race day the lines run up
 * to the present instead of stopping at the last redemption; for an old event they do not stretch.
 */
export function bucketsBetween(hours: string[], now?: string): { granularity: Granularity; buckets: string[] } {
  if (!hours.length) return { granularity: "day", buckets: [] };
  const times = hours.map(hourMs);
  const first = Math.min(...times);
  const seen = Math.max(...times);
  const current = now ? hourMs(now) : seen;
  const last = current > seen && current - seen <= HOURLY_SPAN_LIMIT_MS ? current : seen;
  const granularity: Granularity = last - first <= HOURLY_SPAN_LIMIT_MS ? "hour" : "day";
  const step = granularity === "hour" ? HOUR_MS : 24 * HOUR_MS;
  const start = granularity === "hour" ? first : Date.parse(`${hourString(first).slice(0, 10)}T00:00:00Z`);
  const buckets: string[] = [];
  for (let t = start; t <= last; t += step) buckets.push(bucketOf(hourString(t), granularity));
  return { granularity, buckets };
}

/** "2026-05-01T09" → "2026-05-01T09" by the hour, "2026-05-01" by the day. */
export const bucketOf = (hour: string, granularity: Granularity) => (granularity === "hour" ? hour : hour.slice(0, 10));

/** "09:00" by the hour (with the date at midnight and the first), "1 May" by the day. */
export function bucketLabel(bucket: string, granularity: Granularity, isFirst = false): string {
  const date = new Date(`${bucket.slice(0, 10)}T00:00:00Z`);
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(date);
  if (granularity === "day") return day;
  const time = `${bucket.slice(11, 13)}:00`;
  return isFirst || time === "00:00" ? `${day} ${time}` : time;
}

/** Sums counts into the buckets; counts outside them are ignored. */
function sumInto<T extends HourCount>(
  buckets: string[],
  granularity: Granularity,
  counts: T[],
  pick: (c: T) => boolean = () => true,
): number[] {
  const index = new Map(buckets.map((bucket, i) => [bucket, i]));
  const sums = buckets.map(() => 0);
  for (const c of counts) {
    const i = index.get(bucketOf(c.hour, granularity));
    if (i !== undefined && pick(c)) sums[i]! += c.count;
  }
  return sums;
}

const cumulative = (values: number[]) => {
  let total = 0;
  return values.map((v) => (total += v));
};

export interface KeySeries {
  granularity: Granularity;
  buckets: string[];
  /** Keys minted up to and including each bucket. */
  minted: number[];
  /** Keys used up to and including each bucket. */
  used: number[];
}

export function keySeries(activity: Pick<EventActivity, "minted" | "used">, now?: string): KeySeries {
  const { granularity, buckets } = bucketsBetween(
    [...activity.minted, ...activity.used].map((c) => c.hour),
    now,
  );
  return {
    granularity,
    buckets,
    minted: cumulative(sumInto(buckets, granularity, activity.minted)),
    used: cumulative(sumInto(buckets, granularity, activity.used)),
  };
}

export interface VisitSeries {
  granularity: Granularity;
  buckets: string[];
  byPlatform: Record<Platform, number[]>;
  totals: Record<Platform, { visits: number; inApp: number }>;
  total: number;
  inApp: number;
}

export function visitSeries(visits: VisitHourCount[], now?: string): VisitSeries {
  const { granularity, buckets } = bucketsBetween(
    visits.map((v) => v.hour),
    now,
  );
  const byPlatform = {} as Record<Platform, number[]>;
  const totals = {} as Record<Platform, { visits: number; inApp: number }>;
  for (const platform of PLATFORMS) {
    byPlatform[platform] = sumInto(buckets, granularity, visits, (v) => v.platform === platform);
    const ofPlatform = visits.filter((v) => v.platform === platform);
    totals[platform] = {
      visits: ofPlatform.reduce((sum, v) => sum + v.count, 0),
      inApp: ofPlatform.filter((v) => v.inApp).reduce((sum, v) => sum + v.count, 0),
    };
  }
  const total = PLATFORMS.reduce((sum, p) => sum + totals[p].visits, 0);
  const inApp = PLATFORMS.reduce((sum, p) => sum + totals[p].inApp, 0);
  return { granularity, buckets, byPlatform, totals, total, inApp };
}

/** "42%" of a part, or "–" of nothing. */
export const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "–");
