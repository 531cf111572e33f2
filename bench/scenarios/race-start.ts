import { KEY_ALPHABET, KEY_LENGTH, KEY_SPACE } from "@/lib/domain/keys/code";
import { startNginx } from "@/testing/nginx";
import { BENCH_PORT, BENCH_REDIS_URL, sleep, startBenchInstance, type Row } from "../harness";
import type { BenchContext, Scenario } from "../scenario";

/**
 * Race start at scale: three instances behind nginx (deploy/nginx.conf), millions of keys made in
 * the database with one INSERT … SELECT (not through the API), then a fixed-rate mix through nginx.
 */
/** The figures; RACE_START_RATE and RACE_START_REQUESTS override them for a smaller machine. */
const REQUESTS = Number(process.env.RACE_START_REQUESTS) || 30_000;
const RATE = Number(process.env.RACE_START_RATE) || 500;
const RESOLVES = Math.round(REQUESTS / 5);
const KEYS_PER_EVENT = 40_000;
const SMALL = 100_000;
/** RACE_START_KEYS overrides the large size (the 10 million). */
const LARGE = Number(process.env.RACE_START_KEYS) || 10_000_000;

/**
 * The n-th key of the bench: n ↦ (n × 1,000,003 + 12,345) mod 31⁶ in base 31 over the key alphabet.
 * A multiplier prime to 31 makes it a permutation of the key space, so distinct n are distinct keys,
 * spread over the whole space like minted ones; SQL computes the same (`keySql`).
 */
const MULTIPLIER = 1_000_003;
const OFFSET = 12_345;
export function benchKey(n: number): string {
  let value = (n * MULTIPLIER + OFFSET) % KEY_SPACE;
  let key = "";
  for (let i = 0; i < KEY_LENGTH; i++, value = Math.floor(value / KEY_ALPHABET.length)) {
    key = KEY_ALPHABET[value % KEY_ALPHABET.length] + key;
  }
  return key;
}
const keySql = (v: string) =>
  Array.from(
    { length: KEY_LENGTH },
    (_, i) =>
      `substr('${KEY_ALPHABET}', ((${v} / ${KEY_ALPHABET.length ** (KEY_LENGTH - 1 - i)}) % ${KEY_ALPHABET.length})::int + 1, 1)`,
  ).join(" || ");

/** Keys n ∈ [from, to) as codes and starters, `KEYS_PER_EVENT` per event, in one statement. */
async function insertKeys(ctx: BenchContext, eventIds: string[], from: number, to: number): Promise<number> {
  const started = performance.now();
  await ctx.sql.unsafe(
    `with n as (
       select g as n, (g * ${MULTIPLIER}::bigint + ${OFFSET}) % ${KEY_SPACE} as v
       from generate_series($1::bigint, $2::bigint) g
     ), c as (
       insert into codes (code, event_id, kind)
       select ${keySql("v")}, ($3::uuid[])[n / ${KEYS_PER_EVENT} + 1], 'key' from n
       on conflict do nothing
       returning code, event_id
     )
     insert into starters (event_id, key) select event_id, code from c`,
    [from, to - 1, eventIds],
  );
  await ctx.sql`analyze codes`;
  await ctx.sql`analyze starters`;
  return (performance.now() - started) / 1000;
}

interface Sample {
  ms: number;
  ok: boolean;
  /** The HTTP status; 0 when the request failed without one. */
  status: number;
}

/**
 * `count` requests at a fixed `perSecond`, each started on schedule whether or not earlier ones
 * answered (an open loop); latency from the scheduled start, so a stalled generator is not hidden.
 */
async function fixedRate(count: number, perSecond: number, request: (i: number) => Promise<Response>) {
  const samples: Sample[] = [];
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      request(i).then(
        async (response) => {
          await response.arrayBuffer();
          samples[i] = { ms: performance.now() - due, ok: response.ok, status: response.status };
        },
        () => void (samples[i] = { ms: performance.now() - due, ok: false, status: 0 }),
      ),
    );
  }
  await Promise.all(pending);
  return { samples, seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
    : 0;

/** "; failed: 502 ×3, no answer ×2" */
function failures(samples: Sample[]): string {
  const counts = new Map<number, number>();
  for (const sample of samples) if (!sample.ok) counts.set(sample.status, (counts.get(sample.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${status || "no answer"} ×${n}`);
  return parts.length ? `; failed: ${parts.join(", ")}` : "";
}

function summary(scenario: string, samples: Sample[], seconds: number): Row {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    scenario,
    requestsPerSecond: Math.round(samples.length / seconds),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: samples.filter((s) => !s.ok).length,
    note: `${samples.length} requests${failures(samples)}`,
  };
}

/** The mix and then resolves at `keys` keys; the requests' keys are distinct, drawn from [from, keys). */
async function measure(origin: string, keys: number, from: number, label: string): Promise<Row[]> {
  const span = keys - from;
  // n_i = from + (i × 7919 + start) mod span: distinct for i < span (7919 is prime to 10ⁿ).
  const start = Math.floor(Math.random() * span);
  const keyOf = (i: number) => benchKey(from + ((i * 7919 + start) % span));
  const kinds = ["landing page", "QR image", "redeem"] as const;
  const kindOf = (i: number) => kinds[i % 5 < 2 ? 0 : i % 5 < 4 ? 1 : 2]!;
  const mix = await fixedRate(REQUESTS, RATE, (i) => {
    const key = keyOf(i);
    const kind = kindOf(i);
    if (kind === "landing page") return fetch(`${origin}/redeem_key?key=${key}`);
    if (kind === "QR image") return fetch(`${origin}/api/starters/actions/generate_key_qrcode?key=${key}`);
    return fetch(`${origin}/api/starters/actions/redeem_key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, deviceId: `race-start-${key}` }),
    });
  });
  const rows = kinds.map((kind) =>
    summary(
      `race start, ${label}: ${kind}s`,
      mix.samples.filter((_, i) => kindOf(i) === kind),
      mix.seconds,
    ),
  );
  rows.push({
    ...summary(`race start, ${label}: all`, mix.samples, mix.seconds),
    note: `${REQUESTS} requests at ${RATE}/s`,
  });
  const resolves = await fixedRate(RESOLVES, RATE, (i) =>
    fetch(`${origin}/api/starters/actions/resolve_key?key=${keyOf(REQUESTS + i)}`),
  );
  rows.push(summary(`race start, ${label}: resolve_key`, resolves.samples, resolves.seconds));
  return rows;
}

async function raceStartAt(ctx: BenchContext, scales: number[]): Promise<Row[]> {
  const ports = [1, 2, 3].map((i) => BENCH_PORT + i);
  const nginx = await startNginx(ports.map((port) => `http://127.0.0.1:${port}`));
  const instances = [];
  const rows: Row[] = [];
  try {
    for (const port of ports) {
      instances.push(
        await startBenchInstance(port, {
          DATABASE_URL: ctx.server.databaseUrl,
          DATABASE_POOL_SIZE: "8",
          REDIS_URL: BENCH_REDIS_URL,
          TRUST_PROXY: "true",
          PUBLIC_URL: nginx.origin,
        }),
      );
    }
    const largest = Math.max(...scales);
    const eventIds: string[] = [];
    for (let i = 0; i < Math.ceil(largest / KEYS_PER_EVENT); i++) eventIds.push(await ctx.newEvent(`Race ${i + 1}`));
    let inserted = 0;
    const resolveP99: number[] = [];
    for (const keys of scales) {
      const seconds = await insertKeys(ctx, eventIds, inserted, keys);
      const label = `${keys.toLocaleString("en")} keys`;
      process.stderr.write(`bench: race-start: ${label} inserted in ${seconds.toFixed(1)} s\n`);
      rows.push({
        scenario: `race start, ${label}: insert`,
        note: `${(keys - inserted).toLocaleString("en")} keys (codes and starters) in one INSERT … SELECT and ANALYZE: ${seconds.toFixed(1)} s`,
      });
      // Requests use keys inserted in this step, so no redeem meets a key bound in an earlier one.
      const measured = await measure(nginx.origin, keys, inserted, label);
      rows.push(...measured);
      resolveP99.push(measured.at(-1)!.p99Ms!);
      inserted = keys;
    }
    if (scales.length > 1) {
      rows.push({
        scenario: `race start: resolve p99 at ${largest.toLocaleString("en")} keys / at ${scales[0]!.toLocaleString("en")}`,
        ratio: `${(resolveP99.at(-1)! / resolveP99[0]!).toFixed(2)}x`,
        note: "goal: within 1.5x",
      });
    }
    return rows;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await nginx.stop();
  }
}

const description = (scales: string) =>
  `three instances behind nginx (deploy/nginx.conf), keys made by one INSERT … SELECT (${scales}); at each size ${REQUESTS.toLocaleString("en")} requests at a fixed ${RATE}/s through nginx (40% landing pages, 40% QR images, 20% redeems, distinct keys), then ${RESOLVES.toLocaleString("en")} resolve_key; latency from each request's scheduled start`;

export const raceStart: Scenario = {
  name: "race-start",
  description: description(`100,000, then ${LARGE.toLocaleString("en")}`),
  run: (ctx) => raceStartAt(ctx, [SMALL, LARGE]),
};

export const raceStartQuick: Scenario = {
  name: "race-start-quick",
  description: description("100,000 only"),
  run: (ctx) => raceStartAt(ctx, [SMALL]),
};
