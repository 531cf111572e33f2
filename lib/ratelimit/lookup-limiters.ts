import { Redis } from "ioredis";
import { getDatabase, type Db } from "@/db/client";
import { getConfig } from "@/lib/config";
import { logError } from "@/lib/log";
import { createFailureLimiter, type FailureLimiter, type LimiterStore } from "./failure-limiter";

interface LookupLimiters {
  byAddress: FailureLimiter;
  byDevice: FailureLimiter;
}

// On globalThis for the reason db/client.ts gives: route bundles must share one set of counters.
const globalStore = globalThis as typeof globalThis & {
  __racekeysRedis?: Redis;
  __racekeysLookupLimiters?: WeakMap<Db, LookupLimiters>;
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

/** The limiters of the process's current database (tests install a new one per file). */
async function currentLimiters(): Promise<LookupLimiters> {
  const database = await getDatabase();
  const cache = (globalStore.__racekeysLookupLimiters ??= new WeakMap());
  let limiters = cache.get(database.db);
  if (!limiters) {
    const config = getConfig();
    const store = configuredStore(database);
    limiters = {
      byAddress: createFailureLimiter(store, "lookup-address", config.LOOKUP_FAILURES_PER_ADDRESS),
      byDevice: createFailureLimiter(store, "lookup-device", config.LOOKUP_FAILURES_PER_DEVICE),
    };
    cache.set(database.db, limiters);
  }
  return limiters;
}

const bound = (pick: (limiters: LookupLimiters) => FailureLimiter): FailureLimiter => ({
  consume: async (subject) => pick(await currentLimiters()).consume(subject),
  reward: async (subject) => pick(await currentLimiters()).reward(subject),
});

/** Failed key lookups per client address (see `clientAddress`); the landing page counts here too. */
export const addressLookupLimiter = bound((limiters) => limiters.byAddress);

/** Failed key lookups per app install (`deviceId`). */
export const deviceLookupLimiter = bound((limiters) => limiters.byDevice);
