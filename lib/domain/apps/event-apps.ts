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
  /** The `generation` it was read in: older answers are not used. */
  generation: number;
}
interface EventAppsCache {
  known: WeakMap<Db, Known>;
  reading: WeakMap<Db, { apps: Promise<TrackingApp[]>; generation: number }>;
  /**
   * Bumped by `forgetEventApps`, for every database handle at once: a change is often made in a
   * transaction (another handle than the one the files read with), and a read that started before
   * it must not be stored.
   */
  generation: number;
}
// On globalThis: Next.js bundles each route and the server actions with their own copies of this
// module, and a change saved by the API or the dashboard must reach the association files' routes.
const globalStore = globalThis as typeof globalThis & { __racekeysEventApps?: EventAppsCache };
const cache = (globalStore.__racekeysEventApps ??= { known: new WeakMap(), reading: new WeakMap(), generation: 0 });

async function readEventApps(db: Db): Promise<TrackingApp[]> {
  const rows = await db.selectDistinct({ app: events.app }).from(events).where(isNotNull(events.app));
  // In a stable order, so the files (and their caches) change only when the apps do.
  return rows.map((row) => row.app!).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

function refresh(db: Db): Promise<TrackingApp[]> {
  const { generation } = cache;
  const pending = cache.reading.get(db);
  if (pending?.generation === generation) return pending.apps;
  const apps = readEventApps(db)
    .then((read) => {
      if (cache.generation === generation) cache.known.set(db, { apps: read, readAt: performance.now(), generation });
      return read;
    })
    .finally(() => {
      if (cache.reading.get(db)?.apps === apps) cache.reading.delete(db);
    });
  cache.reading.set(db, { apps, generation });
  return apps;
}

/** The apps of all events that name one, without repeats. */
export async function eventApps(db: Db): Promise<TrackingApp[]> {
  const cached = cache.known.get(db);
  if (!cached || cached.generation !== cache.generation) return refresh(db);
  if (performance.now() - cached.readAt > MAX_AGE_MS) {
    refresh(db).catch((error: unknown) => logError(error, { during: "refreshing the events' apps" }));
  }
  return cached.apps;
}

/** After an event's app changed (in any transaction): the next request reads the apps again. */
export function forgetEventApps(): void {
  cache.generation++;
}
