import type { Db } from "@/db/client";
import { ApiError } from "@/lib/http/errors";
import { normalizeKey } from "@/lib/keys/code";
import { resolveCode, type ResolvedCode } from "@/lib/keys/resolve";
import type { FailureLimiter, LimitDecision } from "@/lib/ratelimit/failure-limiter";
import { addressLookupLimiter, deviceLookupLimiter } from "@/lib/ratelimit/lookup-limiters";

/** Who is looking a key up, for the failed-lookup limits. */
export interface LookupClient {
  /** From `clientAddress(req)`. */
  address: string;
  deviceId?: string;
}

/** The one answer for unknown and malformed keys alike: it does not say which part of a guess was wrong. */
export const unknownKey = () => new ApiError(404, "not_found", "no event has this key or passcode; check the six characters");

function refuseIfLimited(decisions: LimitDecision[]): void {
  const retryAfterSeconds = Math.max(0, ...decisions.filter((d) => !d.allowed).map((d) => d.retryAfterSeconds));
  if (retryAfterSeconds === 0) return;
  throw new ApiError(
    429,
    "rate_limited",
    `too many unknown keys were tried from this network or device; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
    undefined,
    { "Retry-After": String(retryAfterSeconds) },
  );
}

/**
 * Resolves a key or passcode as typed, under the failed-lookup limits: a client over a limit gets
 * 429 whatever the lookup found (so it learns nothing, not even from real keys); a lookup that finds
 * nothing is counted and answered 404. Found keys cost one check and are never counted. The check
 * and the lookup run side by side, so the check adds no latency.
 */
export async function lookUpCode(db: Db, input: string, client: LookupClient): Promise<ResolvedCode> {
  const limits: Array<[FailureLimiter, string]> = [[addressLookupLimiter, client.address]];
  if (client.deviceId) limits.push([deviceLookupLimiter, client.deviceId]);
  const [decisions, resolved] = await Promise.all([
    Promise.all(limits.map(([limiter, subject]) => limiter.check(subject))),
    // A malformed key is looked up as "", which matches nothing: the same query, the same time.
    resolveCode(db, normalizeKey(input) ?? ""),
  ]);
  refuseIfLimited(decisions);
  if (resolved) return resolved;
  refuseIfLimited(await Promise.all(limits.map(([limiter, subject]) => limiter.consumeFailedLookup(subject))));
  throw unknownKey();
}
