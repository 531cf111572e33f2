import { randomCodes } from "@/lib/domain/keys/code";
import type { AddressedClient } from "./from-address";

/**
 * A race start behind one address (venue Wi-Fi, a carrier NAT) as the app sees it, and a guesser
 * on an address: shared by the two-instance tests and `npm run bench`. Requests alternate over
 * `origins` (the instances).
 */

const REDEEM = "/api/starters/actions/redeem_key";
const RESOLVE = "/api/starters/actions/resolve_key";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface VenueOptions {
  origins: string[];
  client: AddressedClient;
  /** One participant per key, each redeeming it from its own device. */
  keys: string[];
  /** Every `mistypeEvery`-th participant mistypes once first (20: 5%). */
  mistypeEvery: number;
  /** Arrivals are spread evenly over this time. */
  seconds: number;
  /** From a typo's answer to the key typed right. */
  retypeMs: number;
}

export interface VenueResult {
  participants: number;
  typos: number;
  /** Real keys answered 429. */
  refusedKeys: number;
  /** Typos answered 429 instead of 404. */
  refusedTypos: number;
  /** Every answer's status, typos and keys together. */
  statuses: Record<number, number>;
}

/** A dropped last character and a substituted third one, alternately. */
export function typoOf(key: string, i: number): string {
  return i % 2 ? key.slice(0, -1) : key.slice(0, 2) + (key[2] === "Q" ? "R" : "Q") + key.slice(3);
}

export async function raceStart(options: VenueOptions): Promise<VenueResult> {
  const result: VenueResult = {
    participants: options.keys.length,
    typos: 0,
    refusedKeys: 0,
    refusedTypos: 0,
    statuses: {},
  };
  let sent = 0;
  const redeem = async (key: string, deviceId: string) => {
    const origin = options.origins[sent++ % options.origins.length]!;
    const { status } = await options.client.request(`${origin}${REDEEM}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, deviceId }),
    });
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    return status;
  };
  const started = Date.now();
  const gapMs = (options.seconds * 1000) / options.keys.length;
  await Promise.all(
    options.keys.map(async (key, i) => {
      await sleep(started + i * gapMs - Date.now());
      const deviceId = `venue-phone-${i}-${started}`;
      if (i % options.mistypeEvery === 0) {
        result.typos++;
        if ((await redeem(typoOf(key, i / options.mistypeEvery), deviceId)) === 429) result.refusedTypos++;
        await sleep(options.retypeMs);
      }
      if ((await redeem(key, deviceId)) === 429) result.refusedKeys++;
    }),
  );
  return result;
}

export interface GuesserResult {
  guesses: number;
  /** Guesses that were looked up: answered 404 (unknown) or 200 (a hit), not 429. */
  lookups: number;
  hits: number;
  /** The guesses that were looked up and missed, to check them against real keys afterwards. */
  missed: string[];
}

/** Random codes from the minting alphabet, `parallel` at a time, until `count` were sent or `until` ends. */
export async function guessKeys(options: {
  origins: string[];
  client: AddressedClient;
  count: number;
  parallel: number;
  until?: Promise<unknown>;
}): Promise<GuesserResult> {
  const result: GuesserResult = { guesses: 0, lookups: 0, hits: 0, missed: [] };
  let stop = false;
  void options.until?.then(() => (stop = true));
  const worker = async () => {
    while (!stop && result.guesses < options.count) {
      const guess = randomCodes(1)[0]!;
      const origin = options.origins[result.guesses++ % options.origins.length]!;
      const { status } = await options.client.request(`${origin}${RESOLVE}?key=${guess}`);
      if (status === 404) result.missed.push(guess);
      if (status === 200) result.hits++;
      if (status === 404 || status === 200) result.lookups++;
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return result;
}
