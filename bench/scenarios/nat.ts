import { clientFrom, uniqueLoopbackAddress } from "@/testing/from-address";
import { guessKeys, raceStart, type GuesserResult, type VenueResult } from "@/testing/race-start";
import { sleep, type Row } from "../harness";
import type { Scenario } from "../scenario";

const PARTICIPANTS = 2000;
/** The venue in real time: arrivals over 60 s, 5% mistype once and retype 5 s later. */
const VENUE = { mistypeEvery: 20, seconds: 60, retypeMs: 5000 };
/** The guesser's opening burst, then as fast as it can on a few connections. */
const BURST = 300;
const GUESSER_CONNECTIONS = 4;

const venueNote = (venue: VenueResult) =>
  `real keys refused ${venue.refusedKeys} of ${venue.participants} (must be 0); typos ${venue.typos}, typos refused ${venue.refusedTypos}`;
const guesserNote = (guesser: GuesserResult) =>
  `attacker: ${guesser.guesses} guesses, ${guesser.lookups} looked up, ${guesser.hits} hits`;

export const raceStartBehindNat: Scenario = {
  name: "nat",
  description: `race start behind one NAT: ${PARTICIPANTS} participants redeeming within 60 s (5% mistype once), a guesser, both on one address`,
  async run(ctx) {
    const origins = [ctx.server.origin];
    const rows: Row[] = [];
    // Each situation on an address of its own, so none inherits another's counters.
    {
      const client = clientFrom(uniqueLoopbackAddress());
      const venue = await raceStart({ origins, client, keys: await ctx.freshKeys(PARTICIPANTS), ...VENUE });
      rows.push({ scenario: "race start behind one NAT: venue alone", note: venueNote(venue) });
      client.close();
    }
    {
      const client = clientFrom(uniqueLoopbackAddress());
      const burst = await guessKeys({ origins, client, count: BURST, parallel: BURST });
      const started = Date.now();
      const steady = await guessKeys({
        origins,
        client,
        count: Number.POSITIVE_INFINITY,
        parallel: GUESSER_CONNECTIONS,
        until: sleep(10_000),
      });
      const perSecond = Math.round(steady.guesses / ((Date.now() - started) / 1000));
      const guesser = {
        guesses: burst.guesses + steady.guesses,
        lookups: burst.lookups + steady.lookups,
        hits: burst.hits + steady.hits,
        missed: [],
      };
      rows.push({
        scenario: "race start behind one NAT: guesser alone",
        requestsPerSecond: perSecond,
        note: `${guesserNote(guesser)} (a burst of ${BURST}, then ${GUESSER_CONNECTIONS} connections for 10 s)`,
      });
      client.close();
    }
    {
      const client = clientFrom(uniqueLoopbackAddress());
      const venueDone = raceStart({ origins, client, keys: await ctx.freshKeys(PARTICIPANTS), ...VENUE });
      const burst = await guessKeys({ origins, client, count: BURST, parallel: BURST });
      const steady = await guessKeys({
        origins,
        client,
        count: Number.POSITIVE_INFINITY,
        parallel: GUESSER_CONNECTIONS,
        until: venueDone,
      });
      const venue = await venueDone;
      const guesser = {
        guesses: burst.guesses + steady.guesses,
        lookups: burst.lookups + steady.lookups,
        hits: burst.hits + steady.hits,
        missed: [],
      };
      rows.push({
        scenario: "race start behind one NAT: venue and guesser",
        note: `${venueNote(venue).replace(" (must be 0)", "")}; ${guesserNote(guesser)}`,
      });
      client.close();
    }
    return rows;
  },
};
