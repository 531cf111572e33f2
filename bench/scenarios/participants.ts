import { BENCH_REDIS_URL, cpuNote, load, sleep, type Row } from "../harness";
import type { BenchContext } from "../scenario";
import type { Scenario } from "../scenario";

const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;
const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};

const USER_AGENTS = {
  desktop:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  iOS: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  Android:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
};

export const landing: Scenario = {
  name: "landing",
  description:
    "the /redeem_key landing page for known keys, per platform (goal ≥ 0.7x baseline on desktop, one known key)",
  async run(ctx) {
    const baseline = await ctx.baseline();
    const base = baseline.requestsPerSecond!;
    const linkOf = (key: string) => `/redeem_key?key=${key}&startNumber=1&name=Peter`;
    // More keys than a run sends, so that none repeats: each page looks its key up and, on a desktop,
    // encodes a new QR code.
    const eachOnce = async () => {
      const nextKey = cycle(await ctx.freshKeys(30_000));
      return () => linkOf(nextKey());
    };
    const [oneKey] = await ctx.freshKeys(1);
    const runs: Array<[string, string, () => string]> = [
      // The goal's measure. Like an event's shared passcode link or a reload, the key was found and
      // its link's QR code encoded moments ago: both are remembered (lib/adapters/landing/remembered-codes.ts, qr.ts).
      ["desktop, one known key", USER_AGENTS.desktop, () => linkOf(oneKey!)],
      ["desktop, distinct keys, each once", USER_AGENTS.desktop, await eachOnce()],
      ["iOS, distinct keys, each once", USER_AGENTS.iOS, await eachOnce()],
      ["Android, distinct keys, each once", USER_AGENTS.Android, await eachOnce()],
    ];
    const rows: Row[] = [];
    for (const [label, userAgent, nextPath] of runs) {
      const result = await load({
        url: ctx.server.origin,
        headers: { "user-agent": userAgent, "accept-language": "en" },
        nextPath,
        serverPid: ctx.server.pid,
      });
      rows.push({
        scenario: `landing page, ${label}`,
        ...result,
        ratio: ratio(result.requestsPerSecond!, base),
        note: cpuNote(result.serverCpuMsPerRequest, baseline.serverCpuMsPerRequest),
      });
    }
    if (!BENCH_REDIS_URL) rows.push(await limiterWrites(ctx, linkOf(oneKey!)));
    return rows;
  },
};

const PROBE_VIEWS = 200;

/**
 * The limiter store's work per found-key view on PostgreSQL, which throughput on a busy machine
 * hides: rows written to `rate_limits` (the bench database's own statistics) over views of one
 * known key, one after another. Without remembering clean addresses it is one per window.
 */
async function limiterWrites(ctx: BenchContext, path: string): Promise<Row> {
  const written = async () => {
    await sleep(1500); // the servers' backends publish their statistics within a second when idle
    const [row] = await ctx.sql<Array<{ rows: string }>>`
      select coalesce(sum(n_tup_ins + n_tup_upd), 0) as rows from pg_stat_user_tables where relname = 'rate_limits'`;
    return Number(row!.rows);
  };
  const before = await written();
  for (let i = 0; i < PROBE_VIEWS; i++) {
    const response = await fetch(`${ctx.server.origin}${path}`, { headers: { "user-agent": USER_AGENTS.iOS } });
    await response.arrayBuffer();
  }
  const perView = ((await written()) - before) / PROBE_VIEWS;
  return {
    scenario: "landing page, limiter store (PostgreSQL) rows written per found-key view",
    note: `${perView.toFixed(2)} over ${PROBE_VIEWS} views of one key, one after another`,
  };
}

export const resolve: Scenario = {
  name: "resolve",
  description: "GET resolve_key for known keys",
  async run(ctx) {
    const base = (await ctx.baseline()).requestsPerSecond!;
    const nextKey = cycle(await ctx.freshKeys(5000));
    const result = await load({
      url: ctx.server.origin,
      nextPath: () => `/api/starters/actions/resolve_key?key=${nextKey()}`,
    });
    return [{ scenario: "resolve_key, known keys", ...result, ratio: ratio(result.requestsPerSecond!, base) }];
  },
};

export const redeem: Scenario = {
  name: "redeem",
  description: "POST redeem_key, distinct keys, 50 connections",
  async run(ctx) {
    const base = (await ctx.baseline()).requestsPerSecond!;
    // Enough keys that each is redeemed once; a wrap-around repeats the same device (idempotent 200).
    const nextKey = cycle(await ctx.freshKeys(30_000));
    const result = await load({
      url: `${ctx.server.origin}/api/starters/actions/redeem_key`,
      method: "POST",
      connections: 50,
      headers: { "content-type": "application/json" },
      nextBody: () => {
        const key = nextKey();
        return JSON.stringify({ key, deviceId: `bench-device-${key}` });
      },
    });
    return [
      {
        scenario: "redeem_key, distinct keys, 50 connections",
        ...result,
        ratio: ratio(result.requestsPerSecond!, base),
      },
    ];
  },
};
