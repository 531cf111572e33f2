import { Redis } from "ioredis";
import { getDatabase, type Db } from "@/db/client";
import { getConfig } from "@/lib/config";
import { logError } from "@/lib/log";
import type { FailureLimiter, LimiterStore } from "./failure-limiter";
import { createKeyLookupLimits, type KeyLookupLimits } from "./key-lookups";
import type { RecentFailures } from "./recent-failures";

// On globalThis for the reason db/client.ts gives: route bundles must share one set of counters.
const globalStore = globalThis as typeof globalThis & {
  __racekeysRedis?: Redis;
  __racekeysLookupLimiters?: WeakMap<Db, KeyLookupLimits>;
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

/** The limits of the process's current database (tests install a new one per file). */
async function currentLimits(): Promise<KeyLookupLimits> {
  const database = await getDatabase();
  const cache = (globalStore.__racekeysLookupLimiters ??= new WeakMap());
  let limits = cache.get(database.db);
  if (!limits) {
    const config = getConfig();
    const store = configuredStore(database);
    limits = createKeyLookupLimits(store, { perAddress: config.LOOKUP_FAILURES_PER_ADDRESS, perDevice: config.LOOKUP_FAILURES_PER_DEVICE });
    cache.set(database.db, limits);
  }
  return limits;
}

const boundLimiter = (pick: (limits: KeyLookupLimits) => FailureLimiter): FailureLimiter => ({
  consume: async (subject) => pick(await currentLimits()).consume(subject),
  reward: async (subject, points) => pick(await currentLimits()).reward(subject, points),
});

const boundRecentFailures: RecentFailures = {
  record: async (address, typed, lifeMs) => (await currentLimits()).recentFailures.record(address, typed, lifeMs),
  take: async (address, texts) => (await currentLimits()).recentFailures.take(address, texts),
};

/**
 * The process's key-lookup limits: failed lookups per client address (see `clientAddress`; the
 * landing page counts there too) and per app install (`deviceId`), and the addresses' recent failures.
 */
export const keyLookupLimits: KeyLookupLimits = {
  byAddress: boundLimiter((limits) => limits.byAddress),
  byDevice: boundLimiter((limits) => limits.byDevice),
  recentFailures: boundRecentFailures,
};
