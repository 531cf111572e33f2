import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { logError } from "@/lib/platform/log";
import type { Platform } from "./classify";

/** One page view for the organiser's statistics: no address, no user agent. */
export interface Visit {
  eventId: string;
  /** The key or passcode whose page it was. */
  code: string;
  platform: Platform;
  inApp: boolean;
  visitedAt: Date;
}

export interface VisitRecorder {
  /** Queues a visit and returns at once: the page never waits for statistics. */
  record(visit: Visit): void;
  /** Writes what is queued; resolves when written or logged as failed. */
  flush(): Promise<void>;
}

export interface VisitRecorderOptions {
  /** A queued visit is written at most this long after it happened. */
  flushAfterMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
}

/**
 * Visits are written in batches, one statement per second (or per `maxBatch` visits) instead of
 * one per page view, so a burst of visitors costs the database little. Each batch adds to counts
 * per code, platform and hour, so the table grows with keys and hours, not with page views. A
 * failed write is logged and dropped: statistics must never break or slow the page.
 */
export function createVisitRecorder(
  database: () => Promise<Queryable>,
  { flushAfterMs = 1000, maxBatch = 200 }: VisitRecorderOptions = {},
): VisitRecorder {
  let queue: Visit[] = [];
  let timer: NodeJS.Timeout | undefined;
  const writes = new Set<Promise<void>>();

  function flushQueue(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return Promise.resolve();
    const write = insertVisits(database, batch).catch((error: unknown) =>
      logError(error, { during: "recording landing-page visits", dropped: batch.length }),
    );
    writes.add(write);
    void write.finally(() => writes.delete(write));
    return write;
  }

  return {
    record(visit) {
      queue.push(visit);
      if (queue.length >= maxBatch) void flushQueue();
      else timer ??= setTimeout(flushQueue, flushAfterMs).unref();
    },
    async flush() {
      await flushQueue();
      await Promise.all(writes);
    },
  };
}

const HOUR_MS = 3_600_000;

/** Visits of one code, platform and in-app state in one UTC hour (starting at `hour`). */
type VisitCount = Omit<Visit, "visitedAt"> & { hour: Date; count: number };

/** A batch's visits as counts, sorted so that concurrent writers lock the rows in one order. */
function countVisits(batch: Visit[]): VisitCount[] {
  const counts = new Map<string, VisitCount>();
  for (const { visitedAt, ...visit } of batch) {
    const hour = new Date(Math.floor(visitedAt.getTime() / HOUR_MS) * HOUR_MS);
    const id = [visit.code, hour.toISOString(), visit.platform, visit.inApp].join(" ");
    const counted = counts.get(id);
    if (counted) counted.count++;
    else counts.set(id, { ...visit, hour, count: 1 });
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, count]) => count);
}

/**
 * One upsert for the batch, adding to the hour's counts; visits of an event deleted meanwhile are
 * skipped instead of failing it.
 */
async function insertVisits(database: () => Promise<Queryable>, batch: Visit[]): Promise<void> {
  const db = await database();
  const rows = sql.join(
    countVisits(batch).map(
      (v) =>
        sql`(${v.eventId}::uuid, ${v.code}::text, ${v.platform}::text, ${v.inApp}::boolean, ${v.hour.toISOString()}::timestamptz, ${v.count}::integer)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    insert into landing_visit_counts (event_id, code, platform, in_app, hour, count)
    select v.event_id, v.code, v.platform, v.in_app, v.hour, v.count
    from (values ${rows}) as v (event_id, code, platform, in_app, hour, count)
    where exists (select 1 from events where events.id = v.event_id)
    on conflict (code, hour, platform, in_app) do update set count = landing_visit_counts.count + excluded.count`);
}
