import type { FailureLimiter } from "./failure-limiter";

/** How long a point given back waits here for the next attempt before it goes back to the store. */
export const RECYCLE_HOLD_MS = 250;
/** Window ends remembered per subject before expired ones are swept. */
const MAX_TRACKED_SUBJECTS = 10_000;

/**
 * Recycles points within this process: a point given back (a found key, a forgiven typo) is kept
 * for the subject's next attempt here, for up to RECYCLE_HOLD_MS, instead of being written back
 * to the store and taken again. The store still holds the point the whole time, so every attempt
 * holds one and a burst gets no more than before; but a venue's stream of real keys on one address
 * stops writing the address's counter rows twice per lookup. On PostgreSQL those rows are one hot
 * row per window: every write waits for the row lock, and under load the queue kept so many
 * lookups in flight (each holding a point) that the venue's real keys were refused.
 *
 * A point belongs to the window it was taken in; all points of a subject's fixed window end with
 * it, so a kept point is dropped (not reused) once that window has ended: reusing it would be an
 * attempt counted nowhere.
 */
export function recyclingPoints(limiter: FailureLimiter): FailureLimiter {
  const kept = new Map<string, { points: number; timer: NodeJS.Timeout }>();
  const windowEnds = new Map<string, number>();
  const giveBack = async (subject: string) => {
    const entry = kept.get(subject);
    if (!entry) return;
    kept.delete(subject);
    clearTimeout(entry.timer);
    if ((windowEnds.get(subject) ?? 0) > Date.now()) await limiter.reward(subject, entry.points);
  };
  const rememberWindowEnd = (subject: string, end: number) => {
    if (windowEnds.size >= MAX_TRACKED_SUBJECTS) {
      for (const [tracked, trackedEnd] of windowEnds) if (trackedEnd <= Date.now() && !kept.has(tracked)) windowEnds.delete(tracked);
    }
    windowEnds.set(subject, end);
  };
  return {
    async consume(subject) {
      const entry = kept.get(subject);
      const windowEnd = windowEnds.get(subject) ?? 0;
      if (entry && windowEnd > Date.now()) {
        if (--entry.points === 0) {
          kept.delete(subject);
          clearTimeout(entry.timer);
        }
        // Others' attempts held points here a moment ago: report some held, so forgiving looks.
        return { allowed: true, retryAfterSeconds: 0, heldBefore: 1, pointLifeMs: windowEnd - Date.now() };
      }
      if (entry) await giveBack(subject); // its window ended: nothing to give back
      const decision = await limiter.consume(subject);
      if (decision.allowed) rememberWindowEnd(subject, Date.now() + decision.pointLifeMs);
      return decision;
    },
    async reward(subject, points = 1) {
      if ((windowEnds.get(subject) ?? 0) <= Date.now()) return limiter.reward(subject, points);
      const entry = kept.get(subject);
      if (entry) entry.points += points;
      else kept.set(subject, { points, timer: setTimeout(() => void giveBack(subject), RECYCLE_HOLD_MS).unref() });
    },
  };
}
