import { consumeAll, createFailureLimiter, type FailureLimiter, type FailureWindow, type LimitDecision, type LimiterStore } from "./failure-limiter";
import { createInFlightLookups, type InFlightLookups } from "./in-flight";
import { createRecentFailures, type RecentFailures } from "./recent-failures";
import { recyclingPoints } from "./recycled-points";
import { textsOneEditFrom, typedText } from "./typos";

/** The failed-lookup limits of key lookups (resolve_key, redeem_key, the landing page). */
export interface KeyLookupLimits {
  byAddress: FailureLimiter;
  byDevice: FailureLimiter;
  /** The addresses' recent failed texts, for forgiving typos. */
  recentFailures: RecentFailures;
  /** This process's lookups in flight, for refused lookups to wait on. */
  inFlight: InFlightLookups;
}

/**
 * How long a lookup refused while lookups of its address are in flight waits for their points:
 * longer than a lookup takes on a busy database, short enough that refusals stay cheap.
 */
export const WAIT_FOR_POINTS_MS = 2000;

/** The limits on one store (LOOKUP_FAILURES_PER_ADDRESS and _PER_DEVICE give the windows). */
export function createKeyLookupLimits(store: LimiterStore, windows: { perAddress: FailureWindow[]; perDevice: FailureWindow[] }): KeyLookupLimits {
  return {
    byAddress: recyclingPoints(createFailureLimiter(store, "lookup-address", windows.perAddress)),
    byDevice: createFailureLimiter(store, "lookup-device", windows.perDevice),
    recentFailures: createRecentFailures(store, "lookup-failures"),
    inFlight: createInFlightLookups(),
  };
}

/** Who is looking a key up. */
export interface LookupClient {
  /** From `clientAddress(req)`. */
  address: string;
  deviceId?: string;
}

/** A lookup that took its points; exactly one of its methods is called once it is answered. */
export interface KeyLookupAttempt extends LimitDecision {
  /**
   * The lookup found `key`: its points come back, and the address's recent failures one edit from
   * that key are forgiven (their points come back too): they were its holder's typos.
   */
  found(key: string): Promise<void>;
  /** The lookup found nothing: the points stay, and the typed text is kept for forgiving. */
  failed(): Promise<void>;
  /** Nothing was looked up (database away): the attempt does not count. */
  notLookedUp(): Promise<void>;
}

/**
 * Takes a point per address and device before the lookup (see `consumeAll`). Forgiving reads the
 * store only when the address held points besides this attempt, so a clean address costs nothing
 * more; a venue's typos are forgiven as soon as their participants type their keys right, while a
 * guesser's failures stay counted (a random guess is one edit from a given key with probability
 * ≈ 2.1e-7).
 */
export async function startKeyLookup(limits: KeyLookupLimits, client: LookupClient, input: string): Promise<KeyLookupAttempt> {
  const { address } = client;
  const subjects: Array<[FailureLimiter, string]> = [[limits.byAddress, address]];
  if (client.deviceId) subjects.push([limits.byDevice, client.deviceId]);
  const deadline = Date.now() + WAIT_FOR_POINTS_MS;
  let attempt = await consumeAll(subjects);
  while (!attempt.allowed && limits.inFlight.busy(address) && Date.now() < deadline) {
    await limits.inFlight.pointsBack(address, deadline - Date.now());
    attempt = await consumeAll(subjects);
  }
  const refused = { allowed: false, retryAfterSeconds: attempt.retryAfterSeconds };
  if (!attempt.allowed) return { ...refused, found: async () => {}, failed: async () => {}, notLookedUp: async () => {} };
  limits.inFlight.begin(address);
  const atAddress = attempt.decisions[0]!;
  return {
    allowed: true,
    retryAfterSeconds: 0,
    async found(key) {
      await attempt.reward();
      let forgiven = 0;
      if (atAddress.heldBefore > 0) forgiven = await limits.recentFailures.take(address, textsOneEditFrom(key));
      if (forgiven > 0) await limits.byAddress.reward(address, forgiven);
      limits.inFlight.end(address, 1 + forgiven);
    },
    async failed() {
      await limits.recentFailures.record(address, typedText(input), atAddress.pointLifeMs);
      limits.inFlight.end(address, 0);
    },
    async notLookedUp() {
      await attempt.reward();
      limits.inFlight.end(address, 1);
    },
  };
}
