/**
 * `npm run bench [-- scenario ...]`: starts the production server on a fresh PostgreSQL database,
 * runs the scenarios (all, or those named), prints one table, and writes BENCHMARKS.md (bench/report.ts).
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the server to use;
 * BENCH_REDIS_URL, when set, gives the server Redis as its limiter store.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import postgres from "postgres";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { createEvent } from "@/lib/domain/events/events";
import { BENCH_REDIS_URL, cpuNote, load, startBenchServer, table, type Row } from "./harness";
import { fullReport, REPORT_FILE, runReport, withPartialRun } from "./report";
import type { BenchContext, Scenario } from "./scenario";
import * as activities from "./scenarios/activities";
import * as core from "./scenarios/core";
import * as dashboard from "./scenarios/dashboard";
import * as labels from "./scenarios/labels";
import * as nat from "./scenarios/nat";
import * as participants from "./scenarios/participants";
import * as raceStart from "./scenarios/race-start";
import * as starters from "./scenarios/starters";

const SCENARIOS: Scenario[] = [
  core.baseline,
  participants.landing,
  core.qr,
  core.qrRender,
  participants.resolve,
  participants.redeem,
  nat.raceStartBehindNat,
  core.mint,
  core.exportCsv,
  dashboard.keysPage,
  labels.labelsPdf,
  labels.labelsSorted,
  starters.startersUpsert,
  starters.checkout,
  raceStart.raceStartQuick,
  raceStart.raceStart,
  activities.activityLong,
  activities.activityUploads,
];

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length) {
    throw new Error(`unknown scenario ${unknown.join(", ")}; choose from: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  }
  const selected = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const loadAtStart = loadavg();
  const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const server = await startBenchServer(adminUrl);
  const sql = postgres(server.databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const organiser = await createOrganiser(server.database.db, { email: `bench-${Date.now()}@example.com` });
    const { token } = await createApiToken(server.database.db, organiser.id);
    let baselineRow: Promise<Row> | undefined;
    const ctx: BenchContext = {
      server,
      token,
      sql,
      baseline: () =>
        (baselineRow ??= load({ url: `${server.origin}/api/health`, serverPid: server.pid }).then((r) => ({
          scenario: "baseline",
          ...r,
          note: cpuNote(r.serverCpuMsPerRequest),
        }))),
      newEvent: async (name) => (await createEvent(server.database.db, organiser.id, { name })).id,
      async freshKeys(count) {
        const eventId = await ctx.newEvent(`Bench keys ${Date.now()}`);
        const response = await fetch(
          `${server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=${count}`,
          {
            method: "POST",
            headers: { authorization: `Bearer ${token}` },
          },
        );
        return ((await response.json()) as Array<{ key: string }>).map((k) => k.key);
      },
    };
    const rows: Row[] = [];
    for (const scenario of selected) {
      process.stderr.write(`bench: ${scenario.name}: ${scenario.description}\n`);
      rows.push(...(await scenario.run(ctx)));
    }
    const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [
      { version: string },
    ];
    process.stdout.write(`\n${table(rows)}\n`);
    const limiterStore = BENCH_REDIS_URL ? "limiter store Redis" : "limiter store PostgreSQL";
    const run = runReport(`PostgreSQL ${version}, ${limiterStore}`, loadAtStart, selected, rows);
    const previous = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, "utf8") : "";
    writeFileSync(REPORT_FILE, names.length ? withPartialRun(previous, names, run) : fullReport(run));
  } finally {
    await sql.end();
    await server.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
