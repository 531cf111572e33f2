import { createHash, timingSafeEqual } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { getDatabase, queryRows } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import packageJson from "@/package.json";

/**
 * The process's Prometheus metrics. Labels carry only fixed sets of values (route templates, status
 * codes, outcomes, limiter names): never keys, tokens, names, devices or addresses.
 */
export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"method" | "route" | "status">;
  redeemOutcomes: Counter<"outcome">;
  limiterRefusals: Counter<"limiter">;
  webhookOutcomes: Counter<"outcome">;
}

/** What a webhook attempt ended with: delivered, failed and retried later, failed for good; or an endpoint disabled. */
export type WebhookOutcome = "delivered" | "retry" | "given_up" | "endpoint_disabled";

/** How redeem_key answered; `gone` and `full` (passcode slots) beside the five of issue 15. */
export type RedeemOutcome = "bound" | "repeat" | "taken" | "unknown" | "limited" | "gone" | "full";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const SCRAPE_QUERY_TIMEOUT_MS = 1000;

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const config = getConfig();
  new Gauge({
    name: "racekeys_build_info",
    help: "Always 1; the labels say what runs",
    labelNames: ["version", "node"],
    registers: [registry],
  }).set({ version: packageJson.version, node: process.version }, 1);
  new Gauge({
    name: "racekeys_db_pool_size",
    help: "Database connections this instance may open (postgres.js max; 1 for the embedded PGlite)",
    registers: [registry],
  }).set(config.DATABASE_URL ? config.DATABASE_POOL_SIZE : 1);
  new Gauge({
    name: "racekeys_migrations_applied",
    help: "Migrations recorded in the database (absent while it does not answer)",
    registers: [registry],
    async collect() {
      this.reset();
      const applied = await migrationsApplied().catch(() => undefined);
      if (applied !== undefined) this.set(applied);
    },
  });
  new Gauge({
    name: "racekeys_webhook_queue_depth",
    help: "Webhook messages waiting to be delivered (pending, due now or later; absent while the database does not answer)",
    registers: [registry],
    async collect() {
      this.reset();
      const depth = await scrapeCount(
        sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`,
      ).catch(() => undefined);
      if (depth !== undefined) this.set(depth);
    },
  });
  return {
    registry,
    webhookOutcomes: new Counter({
      name: "racekeys_webhook_deliveries_total",
      help: "Webhook delivery attempts and endpoint disablings by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: "racekeys_http_request_duration_seconds",
      help: "Requests by route template, method and status; _count is the number of requests",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    redeemOutcomes: new Counter({
      name: "racekeys_redeem_outcomes_total",
      help: "redeem_key answers by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    limiterRefusals: new Counter({
      name: "racekeys_limiter_refusals_total",
      help: "Attempts refused by a failure limiter, by limiter (one refused request may count in several)",
      labelNames: ["limiter"],
      registers: [registry],
    }),
  };
}

const migrationsApplied = () => scrapeCount(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);

/** One count for a scrape, given up after SCRAPE_QUERY_TIMEOUT_MS. */
async function scrapeCount(query: SQL): Promise<number> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("timeout")), SCRAPE_QUERY_TIMEOUT_MS).unref(),
  );
  const count = (async () => {
    const { db } = await getDatabase();
    const [row] = await queryRows<{ n: number }>(db, query);
    return Number(row?.n ?? 0);
  })();
  return Promise.race([count, timeout]);
}

// On globalThis for the reason db/client.ts gives: route bundles and instrumentation share one registry.
const globalStore = globalThis as typeof globalThis & { __racekeysMetrics?: Metrics };

export function metrics(): Metrics {
  globalStore.__racekeysMetrics ??= createMetrics();
  return globalStore.__racekeysMetrics;
}

export function observeRequest(entry: { method: string; route: string; status: number; durationMs: number }): void {
  const method = METHODS.has(entry.method) ? entry.method : "other"; // clients choose the method: bound the set
  metrics().requestDuration.observe(
    { method, route: entry.route, status: String(entry.status) },
    entry.durationMs / 1000,
  );
}

export const countRedeem = (outcome: RedeemOutcome) => metrics().redeemOutcomes.inc({ outcome });
export const countWebhookOutcome = (outcome: WebhookOutcome) => metrics().webhookOutcomes.inc({ outcome });
export const countLimiterRefusal = (limiter: string) => metrics().limiterRefusals.inc({ limiter });

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Whether a scrape may read the metrics: with METRICS_TOKEN set, only with that Bearer token
 * (compared in constant time, on digests so the lengths match too); without it, only on the
 * separate METRICS_PORT listener (`openListener`), never on the app's port.
 */
export function scrapeAllowed(authorization: string | null, { openListener }: { openListener: boolean }): boolean {
  const { METRICS_TOKEN } = getConfig();
  if (!METRICS_TOKEN) return openListener;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(METRICS_TOKEN));
}

/** The metrics in the Prometheus text format. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
