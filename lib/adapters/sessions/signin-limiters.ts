import { getDatabase, type Db } from "@/db/client";
import { createFailureLimiter, type FailureWindow } from "@/lib/platform/ratelimit/failure-limiter";
import type { SignInLimiters } from "./signin";

/**
 * A person who mistyped a few times gets through; guessing does not. From browsers the account
 * does not know: 10 failures per account in 15 minutes and 50 a day, and past the 50 one attempt
 * per 15 minutes instead of none, so guessing is slowed without making the account a lockout
 * switch (at most 50 + 96 failures a day; docs/security.md has the arithmetic). Per address:
 * 20 in 15 minutes, 100 a day. Known browsers are limited by lib/adapters/sessions/known-browsers.ts.
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

/** Sign-in counters live in PostgreSQL, failing closed, or in this process's memory. */
export type SignInStore = { kind: "postgres"; db: Db } | { kind: "memory" };

/** The sign-in limiters over one store; `name` keeps the counters of separate sets apart. */
export function createSignInLimiters(store: SignInStore, windows: SignInWindows, name = "signin"): SignInLimiters {
  // Failing closed: a store error answers "busy" (lib/adapters/sessions/signin.ts), never an uncounted password check.
  const limiter = (suffix: string, windowsOf: FailureWindow[]) =>
    createFailureLimiter(store, `${name}-${suffix}`, windowsOf, { failClosed: true });
  return {
    byAccount: limiter("account", windows.perAccount),
    byAccountDaily: limiter("account-daily", windows.dailyPerAccount),
    byAccountPastDaily: limiter("account-past-daily", windows.pastDailyPerAccount),
    byAddress: limiter("address", windows.perAddress),
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
    const store =
      database.kind === "postgres" ? { kind: "postgres" as const, db: database.db } : { kind: "memory" as const };
    limiters = createSignInLimiters(store, SIGN_IN_WINDOWS);
    cache.set(database.db, limiters);
  }
  return limiters;
}
