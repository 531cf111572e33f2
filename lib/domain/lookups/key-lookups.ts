import { normalizeKey } from "@/lib/domain/keys/code";
import type { FoundCode } from "@/lib/domain/keys/find-code";
import {
  allOf,
  consumeAll,
  createFailureLimiter,
  type FailureLimiter,
  type FailureWindow,
  type LimitDecision,
  type LimiterStore,
} from "@/lib/platform/ratelimit/failure-limiter";
import { createRecentFailures, type RecentFailures } from "./recent-failures";
import { textsOneEditFrom, typedText } from "./typos";

/** The failed-lookup limits of key lookups (resolve_key, redeem_key, the landing page). */
export interface KeyLookupLimits {
  byAddress: FailureLimiter;
  byDevice: FailureLimiter;
  /** The addresses' recent failed texts, for forgiving typos. */
  recentFailures: RecentFailures;
}

/**
 * The limits on one store (LOOKUP_FAILURES_PER_ADDRESS and _PER_DEVICE give the windows;
 * LOOKUP_CLEAN_CACHE_MS `cleanForMs`, see `FailureLimiterOptions`).
 */
export function createKeyLookupLimits(
  store: LimiterStore,
  windows: { perAddress: FailureWindow[]; perDevice: FailureWindow[] },
  { cleanForMs = 0 }: { cleanForMs?: number } = {},
): KeyLookupLimits {
  return {
    byAddress: createFailureLimiter(store, "lookup-address", windows.perAddress, { cleanForMs }),
    byDevice: createFailureLimiter(store, "lookup-device", windows.perDevice, { cleanForMs }),
    recentFailures: createRecentFailures(store, "lookup-failures"),
  };
}

/** Who is looking a key up. */
export interface LookupClient {
  /** From `clientAddress(req)`. */
  address: string;
  deviceId?: string;
}

/**
 * Whether a finished lookup may be answered, counted in the same step. The key is looked up first
 * and nothing is held meanwhile, so a venue's real lookups in flight never crowd each other out
 * however slow the server is; the decision after it is atomic in the store:
 * - nothing found (`found` undefined): one point per window for the address and device; 404 while
 *   that fits, else 429 and the point is given back. The typed text is kept for forgiving.
 * - a key found: admitted only while no window is full (`admit`, ordered with the increments, so in
 *   a burst a real key is answered only if it comes before the limit's worth of failures: the
 *   guesser learns no more than from the limit's worth of lookups); and the address's recent
 *   failures one edit from that key are forgiven: they were its holder's typos.
 * A refused client gets 429 whatever the lookup found, so it learns nothing, not even from real keys.
 */
export async function decideKeyLookup(
  limits: KeyLookupLimits,
  client: LookupClient,
  input: string,
  found: string | undefined,
): Promise<LimitDecision> {
  const subjects: Array<[FailureLimiter, string]> = [[limits.byAddress, client.address]];
  if (client.deviceId) subjects.push([limits.byDevice, client.deviceId]);
  if (!found) {
    const attempt = await consumeAll(subjects);
    if (attempt.allowed)
      await limits.recentFailures.record(client.address, typedText(input), attempt.decisions[0]!.pointLifeMs);
    return attempt;
  }
  const decisions = await Promise.all(subjects.map(([limiter, subject]) => limiter.admit(subject)));
  const decision = allOf(decisions);
  // The store of recent failures is read only when the address holds failures at all.
  if (decision.allowed && decisions[0]!.heldBefore > 0) {
    const forgiven = await limits.recentFailures.take(client.address, textsOneEditFrom(found));
    if (forgiven > 0) await limits.byAddress.reward(client.address, forgiven);
  }
  return decision;
}

/** What a client may be told of a key lookup. */
export type KeyLookup =
  | { outcome: "found"; /** Normalised. */ key: string; code: FoundCode }
  | { outcome: "unknown" }
  | { outcome: "limited"; retryAfterSeconds: number };

/** The limits a lookup counts against, and whom for. */
export interface LookupLimit {
  limits: KeyLookupLimits;
  client: LookupClient;
}

/**
 * Looks up a key or passcode as typed, under the failed-lookup limits: the one lookup of
 * resolve_key, redeem_key and the landing page. `find` is the database read; it runs first and
 * whatever it finds is decided by `decideKeyLookup`, so a refused client is "limited" whatever the
 * key, and learns nothing. A malformed key is read as "", which matches nothing: the same query,
 * the same time, the same answer as an unknown key. If `find` fails, nothing is counted and its
 * error propagates. Without `limit` (tests, tools) nothing is limited.
 */
export async function lookUpKey(
  input: string,
  find: (key: string) => Promise<FoundCode | undefined>,
  limit: LookupLimit | undefined,
): Promise<KeyLookup> {
  const key = normalizeKey(input);
  const code = await find(key ?? "");
  const decision = limit && (await decideKeyLookup(limit.limits, limit.client, input, code ? key : undefined));
  if (decision && !decision.allowed) return { outcome: "limited", retryAfterSeconds: decision.retryAfterSeconds };
  return code && key ? { outcome: "found", key, code } : { outcome: "unknown" };
}
