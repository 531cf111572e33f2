import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { logError } from "@/lib/log";
import type { Platform } from "./classify";

/** One page view for the organiser's statistics: no address, no user agent. */
export interface Visit {
  eventId: string;
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
 * one per page view, so a burst of visitors costs the database little. A failed write is logged
 * and dropped: statistics must never break or slow the page.
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

/** One insert for the batch; visits of an event deleted meanwhile are skipped instead of failing it. */
async function insertVisits(database: () => Promise<Queryable>, batch: Visit[]): Promise<void> {
  const db = await database();
  const rows = sql.join(
    batch.map((v) => sql`(${v.eventId}::uuid, ${v.platform}::text, ${v.inApp}::boolean, ${v.visitedAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`
    insert into landing_visits (event_id, platform, in_app, visited_at)
    select v.event_id, v.platform, v.in_app, v.visited_at
    from (values ${rows}) as v (event_id, platform, in_app, visited_at)
    where exists (select 1 from events where events.id = v.event_id)`);
}
