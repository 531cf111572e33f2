/**
 * `npm run soak`: two production instances sharing one fresh PostgreSQL database get mixed traffic at
 * a fixed rate (landing pages, QR images, resolves, redeems, mints) for SOAK_SECONDS (default 120),
 * then the run checks: zero 5xx, zero duplicate keys, every redeem answered exactly once, and each
 * instance's resident memory growth after warm-up under 50 MB. The figures are printed last.
 */
import postgres from "postgres";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { createEvent } from "@/lib/domain/events/events";
import { freePort } from "@/testing/cluster";
import { createScratchDatabase } from "@/testing/database";
import { ensureTestBuild, startTestServer } from "@/testing/server";
import { rssBytes, sleep } from "./harness";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const RATE = Number(process.env.SOAK_RATE ?? 150); // requests per second over both instances
const WARM_UP_SECONDS = Math.min(20, SECONDS / 4);
const MAX_RSS_GROWTH = 50 * 2 ** 20;
const ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";

async function main(): Promise<number> {
  const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const database = await createScratchDatabase(adminUrl, "racekeys_soak", 4);
  const url = database.url!;
  await ensureTestBuild();
  const servers = await Promise.all(
    [0, 1].map(async () => startTestServer(await freePort(), { DATABASE_URL: url, SEED_DEMO: "never" })),
  );
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const organiser = await createOrganiser(database.db, { email: "soak@example.com" });
    const { token } = await createApiToken(database.db, organiser.id);
    const event = await createEvent(database.db, organiser.id, { name: "Soak Run" });
    const minted = await fetch(
      `${servers[0]!.origin}/api/events/${event.id}/actions/generate_starter_keys?count=40000`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const keys = ((await minted.json()) as Array<{ key: string }>).map((k) => k.key);
    let nextKey = 0;
    let nextRedeem = 20_000; // the upper half of the keys is redeemed, each exactly once
    const statuses = new Map<string, number>();
    const redeemAnswers = new Map<string, number>();
    let fiveHundreds = 0;
    let sent = 0;
    let failedToConnect = 0;

    const kinds = [
      {
        share: 0.4,
        request: (origin: string) =>
          fetch(`${origin}/redeem_key?key=${keys[nextKey++ % 20_000]}`, { headers: { "user-agent": ANDROID } }),
      },
      {
        share: 0.25,
        request: (origin: string) =>
          fetch(
            `${origin}/api/starters/actions/generate_key_qrcode?key=${keys[nextKey++ % 20_000]}&size=${200 + (nextKey % 200)}`,
          ),
      },
      {
        share: 0.15,
        request: (origin: string) =>
          fetch(`${origin}/api/starters/actions/resolve_key?key=${keys[nextKey++ % 20_000]}`),
      },
      {
        share: 0.17,
        request: (origin: string) => {
          const key = keys[nextRedeem++]!;
          return fetch(`${origin}/api/starters/actions/redeem_key`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ key, deviceId: `soak-${key}` }),
          }).then((response) => {
            redeemAnswers.set(key, (redeemAnswers.get(key) ?? 0) + (response.status === 200 ? 1 : 1000));
            return response;
          });
        },
      },
      {
        share: 0.03,
        request: (origin: string) =>
          fetch(`${origin}/api/events/${event.id}/actions/generate_starter_keys?count=50`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}` },
          }),
      },
    ];
    const pick = (x: number) => {
      let total = 0;
      for (const kind of kinds) if (x < (total += kind.share)) return kind;
      return kinds[0]!;
    };

    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    let warmRss: number[] = [];
    process.stderr.write(`soak: ${RATE} req/s for ${SECONDS} s over two instances\n`);
    for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
      const due = Math.floor(((Date.now() - started) / 1000) * RATE) - sent;
      for (let i = 0; i < due; i++) {
        const origin = servers[sent % 2]!.origin;
        const kind = pick((((sent * 0.6180339887) % 1) + 1) % 1);
        sent++;
        const request = kind
          .request(origin)
          .then(async (response) => {
            await response.arrayBuffer();
            const key = `${response.status}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (response.status >= 500) fiveHundreds++;
          })
          .catch(() => void failedToConnect++)
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      if (!warmRss.length && Date.now() - started > WARM_UP_SECONDS * 1000)
        warmRss = servers.map((s) => rssBytes(s.process.pid!));
      await sleep(10);
    }
    await Promise.all(inFlight);
    const finalRss = servers.map((s) => rssBytes(s.process.pid!));
    const growth = finalRss.map((rss, i) => rss - warmRss[i]!);

    const [duplicates] =
      await sql`select count(*)::int as n from (select key from starters where key is not null group by key having count(*) > 1) d`;
    const redeemed = [...redeemAnswers.keys()];
    const [bound] =
      await sql`select count(*)::int as n from starters where key = any(${redeemed}) and key_used and device_id like 'soak-%'`;
    const [bindings] =
      await sql`select count(*)::int as n from key_bindings b join starters s on s.id = b.starter_id where s.key = any(${redeemed})`;
    const answeredOnce = [...redeemAnswers.values()].every((n) => n === 1);

    const checks = [
      [`5xx responses: ${fiveHundreds}`, fiveHundreds === 0],
      [`connection failures: ${failedToConnect}`, failedToConnect === 0],
      [`duplicate keys: ${duplicates!.n}`, duplicates!.n === 0],
      [
        `redeems answered exactly once with 200: ${redeemed.length} of ${redeemed.length}, bound ${bound!.n}, bindings ${bindings!.n}`,
        answeredOnce && bound!.n === redeemed.length && bindings!.n === redeemed.length,
      ],
      ...growth.map(
        (bytes, i) =>
          [
            `instance ${i + 1} RSS growth after warm-up: ${(bytes / 2 ** 20).toFixed(1)} MB (limit 50)`,
            bytes < MAX_RSS_GROWTH,
          ] as const,
      ),
    ] as const;
    process.stdout.write(
      `\nsoak: ${sent} requests in ${SECONDS} s (${(sent / SECONDS).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    for (const [text, ok] of checks) process.stdout.write(`${ok ? "PASS" : "FAIL"} ${text}\n`);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await sql.end();
    await Promise.all(servers.map((s) => s.stop()));
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
