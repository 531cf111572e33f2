import type { Db } from "@/db/client";
import { ApiError } from "@/lib/http/errors";
import { normalizeKey } from "@/lib/keys/code";
import { resolveCode, type ResolvedCode } from "@/lib/keys/resolve";
import type { LimitDecision } from "@/lib/ratelimit/failure-limiter";
import { startKeyLookup, type LookupClient } from "@/lib/ratelimit/key-lookups";
import { keyLookupLimits } from "@/lib/ratelimit/lookup-limiters";

export type { LookupClient };
/** The one answer for unknown and malformed keys alike: it does not say which part of a guess was wrong. */
export const unknownKey = () => new ApiError(404, "not_found", "no event has this key or passcode; check the six characters");

function refuseIfLimited(decision: LimitDecision): void {
  if (decision.allowed) return;
  throw new ApiError(
    429,
    "rate_limited",
    `too many unknown keys were tried from this network or device; try again in ${Math.ceil(decision.retryAfterSeconds / 60)} min`,
    undefined,
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/**
 * Resolves a key or passcode as typed, under the failed-lookup limits: a point is taken before the
 * lookup and given back when it found something, so a burst of parallel guesses gets at most the
 * limit through. A client over a limit gets 429 whatever the lookup found (so it learns nothing, not
 * even from real keys); a lookup that finds nothing keeps its point and is answered 404, and a key
 * found later from the same address forgives the failures one edit from it (`startKeyLookup`). The
 * lookup runs beside the consume, so the limit adds no latency before it.
 */
export async function lookUpCode(db: Db, input: string, client: LookupClient): Promise<ResolvedCode> {
  const key = normalizeKey(input);
  const [attempt, lookup] = await Promise.all([
    startKeyLookup(await keyLookupLimits(), client, input),
    // A malformed key is looked up as "", which matches nothing: the same query, the same time.
    resolveCode(db, key ?? "").then(
      (resolved) => ({ resolved }),
      (error: unknown) => ({ error }),
    ),
  ]);
  refuseIfLimited(attempt);
  if ("error" in lookup) {
    await attempt.notLookedUp();
    throw lookup.error;
  }
  if (!lookup.resolved) {
    await attempt.failed();
    throw unknownKey();
  }
  await attempt.found(key!);
  return lookup.resolved;
}
