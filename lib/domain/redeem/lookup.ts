import type { Db } from "@/db/client";
import { DomainError } from "@/lib/domain/errors";
import { findCode, type FoundCode } from "@/lib/domain/keys/find-code";
import { lookUpKey, type LookupClient } from "@/lib/domain/lookups/key-lookups";
import { keyLookupLimits } from "@/lib/domain/lookups/lookup-limiters";

export type { LookupClient };
/** The one answer for unknown and malformed keys alike: it does not say which part of a guess was wrong. */
export const unknownKey = () =>
  new DomainError("not_found", "no event has this key or passcode; check the six characters");

const limited = (retryAfterSeconds: number) =>
  new DomainError(
    "limited",
    `too many unknown keys were tried from this network or device; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
    { retryAfterSeconds },
  );

/**
 * `lookUpKey` for resolve_key and redeem_key: the process's limits, and refusals as errors (404 for
 * an unknown or malformed key, 429 for a client over a limit, whatever the lookup found).
 */
export async function lookUpKeyOrThrow(db: Db, input: string, client: LookupClient): Promise<FoundCode> {
  const lookup = await lookUpKey(input, (key) => findCode(db, key), { limits: await keyLookupLimits(), client });
  if (lookup.outcome === "limited") throw limited(lookup.retryAfterSeconds);
  if (lookup.outcome === "unknown") throw unknownKey();
  return lookup.code;
}
