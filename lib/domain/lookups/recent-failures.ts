import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { lookupFailures } from "@/db/schema";
import { logError } from "@/lib/platform/log";
import type { LimiterStore } from "@/lib/platform/ratelimit/failure-limiter";

/**
 * The typed texts of an address's recent failed lookups, shared by all instances in the limiter's
 * store, so that a key found later from that address can forgive the failures that were typos of
 * it. Best effort: while the store fails, nothing is kept or forgiven (the limits only stay as strict
 * as without forgiving).
 */
export interface RecentFailures {
  /** Keeps one failure's typed text for `lifeMs` (as long as its point counts). */
  record(address: string, typed: string, lifeMs: number): Promise<void>;
  /**
   * Removes the address's live failures whose text is one of `texts` and returns how many: each
   * failure is removed once, by one caller, however many instances take at the same time.
   */
  take(address: string, texts: ReadonlySet<string>): Promise<number>;
}

/**
 * Per address. The limiter already bounds what is kept (only failures that kept a point are
 * recorded, at most two windows' worth at once); this cap holds even if the limits are set very high.
 */
export const MAX_FAILURES_PER_ADDRESS = 100;

export function createRecentFailures(store: LimiterStore, name: string): RecentFailures {
  const recentFailures =
    store.kind === "redis"
      ? inRedis(store.client, name)
      : store.kind === "postgres"
        ? inPostgres(store.db)
        : inMemory();
  return {
    record: (address, typed, lifeMs) =>
      recentFailures
        .record(address, typed, lifeMs)
        .catch((error: unknown) => logError(error, { during: "recording a failed lookup" })),
    take: (address, texts) =>
      recentFailures.take(address, texts).catch((error: unknown) => {
        logError(error, { during: "forgiving failed lookups" });
        return 0;
      }),
  };
}

/** PGlite's single process: a map of short lists, expired entries dropped as they are met. */
function inMemory(): RecentFailures {
  const byAddress = new Map<string, Array<{ typed: string; expiresAt: number }>>();
  const live = (address: string) => (byAddress.get(address) ?? []).filter((failure) => failure.expiresAt > Date.now());
  return {
    async record(address, typed, lifeMs) {
      const failures = [...live(address), { typed, expiresAt: Date.now() + lifeMs }].slice(-MAX_FAILURES_PER_ADDRESS);
      byAddress.set(address, failures);
    },
    async take(address, texts) {
      const failures = live(address);
      const kept = failures.filter((failure) => !texts.has(failure.typed));
      if (kept.length) byAddress.set(address, kept);
      else byAddress.delete(address);
      return failures.length - kept.length;
    },
  };
}

/** Expired rows are deleted by the instance that records, at most once a minute. */
const CLEANUP_INTERVAL_MS = 60_000;

/** Rows of the UNLOGGED `lookup_failures`; DELETE … RETURNING takes each row for one statement only. */
function inPostgres(db: Extract<LimiterStore, { kind: "postgres" }>["db"]): RecentFailures {
  let cleanedAt = 0;
  return {
    async record(address, typed, lifeMs) {
      await db.insert(lookupFailures).values({ address, typed, expiresAt: new Date(Date.now() + lifeMs) });
      if (Date.now() - cleanedAt < CLEANUP_INTERVAL_MS) return;
      cleanedAt = Date.now();
      await db.delete(lookupFailures).where(lt(lookupFailures.expiresAt, sql`now()`));
    },
    async take(address, texts) {
      const taken = await db
        .delete(lookupFailures)
        .where(
          and(
            eq(lookupFailures.address, address),
            inArray(lookupFailures.typed, [...texts]),
            gt(lookupFailures.expiresAt, sql`now()`),
          ),
        )
        .returning({ typed: lookupFailures.typed });
      return taken.length;
    },
  };
}

/** One list per address of "expiresAtMs:typed" items; Lua scripts make each call atomic. */
const RECORD_SCRIPT = `
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
`;
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local texts = {}
for i = 2, #ARGV do texts[ARGV[i]] = true end
local taken = 0
for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local expiresAt, typed = string.match(item, '^(%d+):(.*)$')
  if tonumber(expiresAt) <= now then
    redis.call('LREM', KEYS[1], 1, item)
  elseif texts[typed] then
    redis.call('LREM', KEYS[1], 1, item)
    taken = taken + 1
  end
end
return taken
`;

function inRedis(client: Extract<LimiterStore, { kind: "redis" }>["client"], name: string): RecentFailures {
  const key = (address: string) => `${name}:${address}`;
  return {
    async record(address, typed, lifeMs) {
      const expiresAt = Date.now() + lifeMs;
      await client.eval(
        RECORD_SCRIPT,
        1,
        key(address),
        `${expiresAt}:${typed}`,
        String(Math.ceil(lifeMs)),
        String(MAX_FAILURES_PER_ADDRESS),
      );
    },
    async take(address, texts) {
      return Number(await client.eval(TAKE_SCRIPT, 1, key(address), String(Date.now()), ...texts));
    },
  };
}
