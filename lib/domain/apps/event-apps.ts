import { isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type TrackingApp } from "@/db/schema";
import { logError } from "@/lib/platform/log";

/**
 * The distinct apps events named for themselves, for the association files that every phone and
 * Apple's CDN fetch: read at most once a minute per database handle, whatever the load. A stale
 * list is answered at once while one read refreshes it (and stays if that read fails); an app
 * changed through this process is read again on the next request (`forgetEventApps`), other
 * instances see it within a minute.
 */
const MAX_AGE_MS = 60_000;

interface Known {
  apps: TrackingApp[];
  readAt: number;
}
interface EventAppsCache {
  known: WeakMap<Db, Known>;
  reading: WeakMap<Db, Promise<TrackingApp[]>>;
  /** Bumped by `forgetEventApps`: a read that started before a change must not store its answer. */
  generations: WeakMap<Db, number>;
}
// On globalThis: Next.js bundles each route and the server actions with their own copies of this
// module, and a change saved by the API or the dashboard must reach the association files' routes.
const globalStore = globalThis as typeof globalThis & { __racekeysEventApps?: EventAppsCache };
const { known, reading, generations } = (globalStore.__racekeysEventApps ??= {
  known: new WeakMap(),
  reading: new WeakMap(),
  generations: new WeakMap(),
});

async function readEventApps(db: Db): Promise<TrackingApp[]> {
  const rows = await db.selectDistinct({ app: events.app }).from(events).where(isNotNull(events.app));
  // In a stable order, so the files (and their caches) change only when the apps do.
  return rows.map((row) => row.app!).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

function refresh(db: Db): Promise<TrackingApp[]> {
  let pending = reading.get(db);
  if (pending) return pending;
  const generation = generations.get(db) ?? 0;
  pending = readEventApps(db)
    .then((apps) => {
      if ((generations.get(db) ?? 0) === generation) known.set(db, { apps, readAt: performance.now() });
      return apps;
    })
    .finally(() => {
      if (reading.get(db) === pending) reading.delete(db);
    });
  reading.set(db, pending);
  return pending;
}

/** The apps of all events that name one, without repeats. */
export async function eventApps(db: Db): Promise<TrackingApp[]> {
  const cached = known.get(db);
  if (!cached) return refresh(db);
  if (performance.now() - cached.readAt > MAX_AGE_MS) {
    refresh(db).catch((error: unknown) => logError(error, { during: "refreshing the events' apps" }));
  }
  return cached.apps;
}

/** After an event's app changed: the next request reads the apps again. */
export function forgetEventApps(db: Db): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
  known.delete(db);
  reading.delete(db);
}
