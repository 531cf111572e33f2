import { Redis } from "ioredis";
import { getDatabase, type Db } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { logError } from "@/lib/platform/log";
import type { LimiterStore } from "@/lib/platform/ratelimit/failure-limiter";
import { createKeyLookupLimits, type KeyLookupLimits } from "./key-lookups";

// On globalThis for the reason db/client.ts gives: route bundles must share one set of counters.
const globalStore = globalThis as typeof globalThis & {
  __racekeysRedis?: Redis;
  __racekeysLookupLimiters?: WeakMap<Db, Promise<KeyLookupLimits>>;
};

/** Redis when REDIS_URL is set; else the PostgreSQL in use; memory on the single-process PGlite. */
function configuredStore(database: { kind: "postgres" | "pglite"; db: Db }): LimiterStore {
  const { REDIS_URL } = getConfig();
  if (REDIS_URL) {
    globalStore.__racekeysRedis ??= new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }).on(
      "error",
      (error: unknown) => logError(error, { during: "rate limiter: redis" }),
    );
    return { kind: "redis", client: globalStore.__racekeysRedis };
  }
  return database.kind === "postgres" ? { kind: "postgres", db: database.db } : { kind: "memory" };
}

/**
 * The process's key-lookup limits for its current database (tests install a new one per file):
 * failed lookups per client address (see `clientAddress`; the landing page counts there too) and per
 * app install (`deviceId`), and the addresses' recent failures.
 */
export async function keyLookupLimits(): Promise<KeyLookupLimits> {
  const database = await getDatabase();
  const cache = (globalStore.__racekeysLookupLimiters ??= new WeakMap());
  let limits = cache.get(database.db);
  if (!limits) {
    const config = getConfig();
    const store = configuredStore(database);
    const windows = { perAddress: config.LOOKUP_FAILURES_PER_ADDRESS, perDevice: config.LOOKUP_FAILURES_PER_DEVICE };
    limits = untilReady(store).then(() =>
      createKeyLookupLimits(store, windows, { cleanForMs: config.LOOKUP_CLEAN_CACHE_MS }),
    );
    cache.set(database.db, limits);
  }
  return limits;
}

/** How long the first lookups wait for a Redis that is still connecting. */
const REDIS_READY_WAIT_MS = 2000;

/**
 * Waits (briefly) for the Redis connection of a starting process: until it is ready the limiter counts
 * in this process's memory, so a burst at a fresh instance would get the limit once per instance
 * and once more in Redis.
 */
async function untilReady(store: LimiterStore): Promise<void> {
  if (store.kind !== "redis" || store.client.status === "ready") return;
  const { client } = store;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_READY_WAIT_MS);
    client.once("ready", done);
  });
}
