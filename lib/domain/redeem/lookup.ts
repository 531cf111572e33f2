import type { Db } from "@/db/client";
import { DomainError } from "@/lib/domain/errors";
import { normalizeKey } from "@/lib/domain/keys/code";
import { resolveCode, type ResolvedCode } from "@/lib/domain/keys/resolve";
import type { LimitDecision } from "@/lib/platform/ratelimit/failure-limiter";
import { decideKeyLookup, type LookupClient } from "@/lib/domain/lookups/key-lookups";
import { keyLookupLimits } from "@/lib/domain/lookups/lookup-limiters";

export type { LookupClient };
/** The one answer for unknown and malformed keys alike: it does not say which part of a guess was wrong. */
export const unknownKey = () => new DomainError("not_found", "no event has this key or passcode; check the six characters");

function refuseIfLimited(decision: LimitDecision): void {
  if (decision.allowed) return;
  throw new DomainError(
    "limited",
    `too many unknown keys were tried from this network or device; try again in ${Math.ceil(decision.retryAfterSeconds / 60)} min`,
    { retryAfterSeconds: decision.retryAfterSeconds },
  );
}

/**
 * Resolves a key or passcode as typed, under the failed-lookup limits (`decideKeyLookup`): a
 * lookup that finds nothing is counted and answered 404 while the limit holds; a client over a
 * limit gets 429 whatever the lookup found, so it learns nothing, not even from real keys.
 */
export async function lookUpCode(db: Db, input: string, client: LookupClient): Promise<ResolvedCode> {
  const key = normalizeKey(input);
  // A malformed key is looked up as "", which matches nothing: the same query, the same time.
  const resolved = await resolveCode(db, key ?? "");
  refuseIfLimited(await decideKeyLookup(await keyLookupLimits(), client, input, resolved ? key : undefined));
  if (!resolved) throw unknownKey();
  return resolved;
}
