import { getDatabase, type Db } from "@/db/client";
import { createFailureLimiter, type FailureWindow } from "@/lib/ratelimit/failure-limiter";
import type { SignInLimiters } from "./signin";

/**
 * A person who mistyped a few times gets through; guessing does not: 10 failures per account in
 * 15 minutes (50 a day), 20 per address in 15 minutes (100 a day). The account limit is also what
 * a stranger can use to lock an organiser out for 15 minutes, so it is not set lower.
 */
export const SIGN_IN_FAILURES_PER_ACCOUNT: FailureWindow[] = [
  { failures: 10, seconds: 900 },
  { failures: 50, seconds: 86_400 },
];
export const SIGN_IN_FAILURES_PER_ADDRESS: FailureWindow[] = [
  { failures: 20, seconds: 900 },
  { failures: 100, seconds: 86_400 },
];

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
    limiters = {
      byAccount: createFailureLimiter(store, "signin-account", SIGN_IN_FAILURES_PER_ACCOUNT),
      byAddress: createFailureLimiter(store, "signin-address", SIGN_IN_FAILURES_PER_ADDRESS),
    };
    cache.set(database.db, limiters);
  }
  return limiters;
}
