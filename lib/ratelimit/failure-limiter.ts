import type { Redis } from "ioredis";
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";

/** At most `failures` in `seconds`, counted from the first failure of the window. */
export interface FailureWindow {
  failures: number;
  seconds: number;
}

export interface LimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise until the fullest window ends (the Retry-After value). */
  retryAfterSeconds: number;
}

/** Where counters live: shared by all instances (Redis, PostgreSQL) or in this process only. */
export type LimiterStore = { kind: "redis"; client: Redis } | { kind: "postgres"; db: Db } | { kind: "memory" };

/**
 * Limits failures, not requests: callers check before the attempt and count only attempts that
 * failed, so successes are never throttled while a subject over any window is refused everything.
 */
export interface FailureLimiter {
  /** Counts nothing; refused once a window is full. */
  check(subject: string): Promise<LimitDecision>;
  /** Counts one failure; refused when it went over a window (concurrent attempts passed the check). */
  consumeFailedLookup(subject: string): Promise<LimitDecision>;
}

const CLEAN_CHECK_TRUST_MS = 1000;
const MAX_TRUSTED_SUBJECTS = 10_000;

/**
 * A failure limiter over rate-limiter-flexible counters, one per window. Shared stores fall back to
 * this process's memory while they fail (the library's insurance limiter), so an outage of Redis
 * loosens the limits to per-instance ones instead of failing lookups.
 */
export function createFailureLimiter(store: LimiterStore, name: string, windows: FailureWindow[]): FailureLimiter {
  // A clean check is trusted by this instance for a second, so a start corral behind one address
  // costs the shared store no read per lookup; a failure seen here drops the trust at once. A
  // subject blocked through other instances may get up to a second of lookups here.
  const cleanUntil = new Map<string, number>();
  const counters = windows.map((window) => ({ window, limiter: counterFor(store, `${name}:${window.seconds}`, window) }));
  const decide = (results: Array<RateLimiterRes | null>, full: (consumed: number, failures: number) => boolean) => {
    let retryAfterSeconds = 0;
    results.forEach((result, i) => {
      if (result && full(result.consumedPoints, counters[i]!.window.failures)) {
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
      }
    });
    return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
  };
  return {
    async check(subject) {
      if ((cleanUntil.get(subject) ?? 0) > Date.now()) return { allowed: true, retryAfterSeconds: 0 };
      const results = await Promise.all(counters.map(({ limiter }) => limiter.get(subject)));
      const decision = decide(results, (consumed, failures) => consumed >= failures);
      if (decision.allowed) {
        if (cleanUntil.size >= MAX_TRUSTED_SUBJECTS) cleanUntil.clear();
        cleanUntil.set(subject, Date.now() + CLEAN_CHECK_TRUST_MS);
      }
      return decision;
    },
    async consumeFailedLookup(subject) {
      cleanUntil.delete(subject);
      const results = await Promise.all(counters.map(({ limiter }) => limiter.penalty(subject, 1)));
      return decide(results, (consumed, failures) => consumed > failures);
    },
  };
}

function counterFor(store: LimiterStore, keyPrefix: string, window: FailureWindow): RateLimiterAbstract {
  const options = { keyPrefix, points: window.failures, duration: window.seconds };
  if (store.kind === "memory") return new RateLimiterMemory(options);
  const insuranceLimiter = new RateLimiterMemory(options);
  if (store.kind === "redis") {
    return new RateLimiterRedis({ ...options, storeClient: store.client, insuranceLimiter, rejectIfRedisNotReady: true });
  }
  return new RateLimiterDrizzle({ ...options, storeClient: store.db, schema: rateLimits, insuranceLimiter });
}
