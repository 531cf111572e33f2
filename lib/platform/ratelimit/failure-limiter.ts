import type { Redis } from "ioredis";
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { countLimiterRefusal } from "@/lib/platform/metrics";

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
 * Limits failed attempts, atomically in the store, so a burst of parallel attempts cannot slip past
 * a check together. Sign-in takes a point before the attempt and gives it back when it did not
 * fail (rate-limiter-flexible's consume/reward: the points held are the window's failures plus the
 * attempts in flight); key lookups count a failure after the lookup and `admit` found keys
 * (lib/domain/lookups/key-lookups.ts).
 */
export interface FailureLimiter {
  /** Takes one point from every window; refused (nothing kept) when that went over any window. */
  consume(subject: string): Promise<ConsumeDecision>;
  /**
   * Whether an attempt that did not fail may be answered: refused once a window is full. Counts
   * nothing, but is ordered with `consume` in the store (an increment by 0, which on PostgreSQL
   * waits for the counter row like an increment), so it sees every failure counted before it.
   */
  admit(subject: string): Promise<ConsumeDecision>;
  /** Gives back the points of attempts that did not fail (one, or several forgiven at once). */
  reward(subject: string, points?: number): Promise<void>;
}

/** What `consumeAll` needs of a limiter. */
export type CountingLimiter = Pick<FailureLimiter, "consume" | "reward">;

export interface ConsumeDecision extends LimitDecision {
  /** Points the subject held before this attempt, in its fullest window (failures and attempts in flight). */
  heldBefore: number;
  /** Until the first of the windows ends: how long this attempt's point stays counted in all of them. */
  pointLifeMs: number;
}

export interface FailureLimiterOptions {
  /**
   * A store error rejects instead of counting in this process's memory: for passwords, whose
   * limits must not loosen to one per instance when the store is slow (a burst on a loaded machine
   * let 11 and 14 of 100 parallel wrong passwords through two instances with the fallback).
   */
  failClosed?: boolean;
  /**
   * Shared stores only (0, the default: off). For this long after `admit` read a subject holding no
   * points in any window, this process admits the subject without a store round trip, unless it
   * counted a failure of that subject since. A failure counted at another instance is seen here at
   * most this much later: only `admit` (found keys) can lag, failures are always counted in the store,
   * so the number of failed attempts answered per window stays exact across instances.
   */
  cleanForMs?: number;
}

/**
 * A failure limiter over rate-limiter-flexible counters, one per window. Shared stores fall back to
 * this process's memory while they fail (the library's insurance limiter), so an outage of Redis
 * loosens the limits to per-instance ones instead of failing lookups, unless `failClosed`.
 */
export function createFailureLimiter(
  store: LimiterStore,
  name: string,
  windows: FailureWindow[],
  { failClosed = false, cleanForMs = 0 }: FailureLimiterOptions = {},
): FailureLimiter {
  const counters = windows.map((window) => ({
    window,
    limiter: counterFor(store, `${name}:${window.seconds}`, window, failClosed),
  }));
  const reward = async (subject: string, points = 1) => {
    await Promise.all(counters.map(({ limiter }) => limiter.reward(subject, points)));
  };
  // The memory store has no round trip to save and is exact: it keeps no such record.
  const clean = cleanForMs > 0 && store.kind !== "memory" ? recentlyClean(cleanForMs) : undefined;
  const shortestWindowMs = Math.min(...windows.map((window) => window.seconds * 1000));
  const decide = async (subject: string, points: 0 | 1): Promise<ConsumeDecision> => {
    if (points > 0) clean?.forget(subject);
    else if (clean?.has(subject))
      return { allowed: true, retryAfterSeconds: 0, heldBefore: 0, pointLifeMs: shortestWindowMs };
    const since = clean?.epoch();
    // penalty() is the store's atomic increment and never rejects for being over the limit. A
    // point taken fits while the window holds at most its failures; with none taken (admit), the
    // window must not be full already.
    const results = await Promise.all(counters.map(({ limiter }) => limiter.penalty(subject, points)));
    let retryAfterSeconds = 0;
    results.forEach((result, i) => {
      if (result.consumedPoints + 1 - points > counters[i]!.window.failures) {
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
      }
    });
    if (retryAfterSeconds > 0) countLimiterRefusal(name);
    if (retryAfterSeconds > 0 && points > 0) await reward(subject, points);
    // Forgotten again once counted: a read that began while this failure was on its way may not show it.
    if (points > 0) clean?.forget(subject);
    else if (since !== undefined && results.every((result) => result.consumedPoints === 0))
      clean!.remember(subject, since);
    return {
      allowed: retryAfterSeconds === 0,
      retryAfterSeconds,
      heldBefore: Math.max(0, ...results.map((result) => result.consumedPoints - points)),
      pointLifeMs: Math.min(...results.map((result) => result.msBeforeNext)),
    };
  };
  return { consume: (subject) => decide(subject, 1), admit: (subject) => decide(subject, 0), reward };
}

/** At most this many subjects are remembered as clean; past it, the expired ones are dropped, or all. */
export const MAX_CLEAN_SUBJECTS = 10_000;

/**
 * Subjects seen holding no points lately, until when. `epoch` moves when this process starts and when
 * it finishes counting a failure: a read that overlapped one may be older than that failure, so it is
 * not remembered (whichever subject failed: cheap, and only ever keeps less).
 */
function recentlyClean(ms: number) {
  const until = new Map<string, number>();
  let epoch = 0;
  return {
    has(subject: string): boolean {
      const end = until.get(subject);
      if (end === undefined) return false;
      if (end > Date.now()) return true;
      until.delete(subject);
      return false;
    },
    forget(subject: string): void {
      epoch++;
      until.delete(subject);
    },
    epoch: () => epoch,
    remember(subject: string, since: number): void {
      if (since !== epoch) return;
      if (until.size >= MAX_CLEAN_SUBJECTS) {
        const now = Date.now();
        for (const [key, end] of until) if (end <= now) until.delete(key);
        if (until.size >= MAX_CLEAN_SUBJECTS) until.clear();
      }
      until.set(subject, Date.now() + ms);
    },
  };
}

/** Allowed when every decision is; otherwise refused until the last refusing window ends. */
export function allOf(decisions: LimitDecision[]): LimitDecision {
  const retryAfterSeconds = Math.max(0, ...decisions.filter((d) => !d.allowed).map((d) => d.retryAfterSeconds));
  return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
}

/** An attempt limited under several subjects at once (an address and a device, an account and an address). */
export interface LimitedAttempt extends LimitDecision {
  /** Gives every point back: the attempt did not fail. */
  reward(): Promise<void>;
}

/**
 * Consumes a point for each subject. Refused when any subject is over a window; then the points the
 * others took are given back too, so a refused attempt counts nowhere.
 */
export async function consumeAll(
  limits: Array<[CountingLimiter, string]>,
): Promise<
  LimitedAttempt & { /** Each subject's decision, in the order of the limits. */ decisions: ConsumeDecision[] }
> {
  const decisions = await Promise.all(limits.map(([limiter, subject]) => limiter.consume(subject)));
  const reward = async (which = limits) => {
    await Promise.all(which.map(([limiter, subject]) => limiter.reward(subject)));
  };
  const decision = allOf(decisions);
  if (!decision.allowed) await reward(limits.filter((_, i) => decisions[i]!.allowed));
  return { ...decision, decisions, reward: () => reward() };
}

function counterFor(
  store: LimiterStore,
  keyPrefix: string,
  window: FailureWindow,
  failClosed: boolean,
): RateLimiterAbstract {
  const options = { keyPrefix, points: window.failures, duration: window.seconds };
  if (store.kind === "memory") return new RateLimiterMemory(options);
  const insuranceLimiter = failClosed ? undefined : new RateLimiterMemory(options);
  if (store.kind === "redis") {
    return new RateLimiterRedis({
      ...options,
      storeClient: store.client,
      insuranceLimiter,
      rejectIfRedisNotReady: true,
    });
  }
  return new RateLimiterDrizzle({ ...options, storeClient: store.db, schema: rateLimits, insuranceLimiter });
}
