import { RateLimiterDrizzle } from "rate-limiter-flexible";
import { getDatabase, type Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { createFailureLimiter, type FailureLimiter, type FailureWindow } from "@/lib/ratelimit/failure-limiter";
import type { SignInLimiters } from "./signin";

/**
 * A person who mistyped a few times gets through; guessing does not. From browsers the account
 * does not know: 10 failures per account in 15 minutes and 50 a day, and past the 50 one attempt
 * per 15 minutes instead of none, so guessing is slowed without making the account a lockout
 * switch (at most 50 + 96 failures a day; docs/notes-signin.md has the arithmetic). Per address:
 * 20 in 15 minutes, 100 a day. Known browsers are limited by lib/sessions/known-browsers.ts.
 */
export const SIGN_IN_FAILURES_PER_ACCOUNT: FailureWindow[] = [{ failures: 10, seconds: 900 }];
export const SIGN_IN_DAILY_FAILURES_PER_ACCOUNT: FailureWindow[] = [{ failures: 50, seconds: 86_400 }];
export const SIGN_IN_PAST_DAILY_PER_ACCOUNT: FailureWindow[] = [{ failures: 1, seconds: 900 }];
export const SIGN_IN_FAILURES_PER_ADDRESS: FailureWindow[] = [
  { failures: 20, seconds: 900 },
  { failures: 100, seconds: 86_400 },
];

export interface SignInWindows {
  perAccount: FailureWindow[];
  dailyPerAccount: FailureWindow[];
  pastDailyPerAccount: FailureWindow[];
  perAddress: FailureWindow[];
}

export const SIGN_IN_WINDOWS: SignInWindows = {
  perAccount: SIGN_IN_FAILURES_PER_ACCOUNT,
  dailyPerAccount: SIGN_IN_DAILY_FAILURES_PER_ACCOUNT,
  pastDailyPerAccount: SIGN_IN_PAST_DAILY_PER_ACCOUNT,
  perAddress: SIGN_IN_FAILURES_PER_ADDRESS,
};

/** Sign-in counters live in PostgreSQL, failing closed (`failClosedLimiter`), or in this process's memory. */
export type SignInStore = { kind: "postgres"; db: Db } | { kind: "memory" };

/** The sign-in limiters over one store; `name` keeps the counters of separate sets apart. */
export function createSignInLimiters(store: SignInStore, windows: SignInWindows, name = "signin"): SignInLimiters {
  const limiter = (suffix: string, windowsOf: FailureWindow[]) =>
    store.kind === "postgres" ? failClosedLimiter(store.db, `${name}-${suffix}`, windowsOf) : createFailureLimiter(store, `${name}-${suffix}`, windowsOf);
  return {
    byAccount: limiter("account", windows.perAccount),
    byAccountDaily: limiter("account-daily", windows.dailyPerAccount),
    byAccountPastDaily: limiter("account-past-daily", windows.pastDailyPerAccount),
    byAddress: limiter("address", windows.perAddress),
  };
}

/**
 * lib/ratelimit's failure limiter on PostgreSQL, minus its fallback to this process's memory when the
 * store fails. That fallback suits key lookups, which must keep working; for passwords it loosened
 * the limit to one per instance exactly when it mattered: under a burst on a loaded machine,
 * connection timeouts let 11 and 14 of 100 parallel wrong passwords through two instances instead
 * of 10. Here a store error rejects, and the sign-in answers "busy" (lib/sessions/signin.ts).
 * Same counters (rate-limiter-flexible's Drizzle store, same keys) and semantics as
 * `createFailureLimiter`; the option belongs in lib/ratelimit, which another change owns now.
 */
function failClosedLimiter(db: Db, name: string, windows: FailureWindow[]): FailureLimiter {
  const counters = windows.map((window) => ({
    window,
    counter: new RateLimiterDrizzle({ keyPrefix: `${name}:${window.seconds}`, points: window.failures, duration: window.seconds, storeClient: db, schema: rateLimits }),
  }));
  const reward = async (subject: string) => {
    await Promise.all(counters.map(({ counter }) => counter.reward(subject, 1)));
  };
  return {
    async consume(subject) {
      const results = await Promise.all(counters.map(({ counter }) => counter.penalty(subject, 1)));
      const over = results.filter((result, i) => result.consumedPoints > counters[i]!.window.failures);
      const retryAfterSeconds = Math.max(0, ...over.map((result) => Math.max(1, Math.ceil(result.msBeforeNext / 1000))));
      if (retryAfterSeconds > 0) await reward(subject);
      return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
    },
    reward,
  };
}

// On globalThis for the reason db/client.ts gives; keyed by database because tests open one per file.
const globalStore = globalThis as typeof globalThis & { __racekeysSignInLimiters?: WeakMap<Db, SignInLimiters> };

/**
 * Sign-in counters in PostgreSQL (shared by every instance; sign-ins are few, so Redis adds
 * nothing), or in memory on the single-process embedded database.
 */
export async function signInLimiters(): Promise<SignInLimiters> {
  const database = await getDatabase();
  const cache = (globalStore.__racekeysSignInLimiters ??= new WeakMap());
  let limiters = cache.get(database.db);
  if (!limiters) {
    const store = database.kind === "postgres" ? { kind: "postgres" as const, db: database.db } : { kind: "memory" as const };
    limiters = createSignInLimiters(store, SIGN_IN_WINDOWS);
    cache.set(database.db, limiters);
  }
  return limiters;
}
