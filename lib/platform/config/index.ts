import { z } from "zod";
import { isTimeZone } from "../time/time-zone";

/**
 * The one place that reads process.env. Everything else asks `getConfig()`, so every setting is
 * validated once, at start, with a clear message, and tests can build a config from a plain object.
 */
const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const flag = z.preprocess(
  emptyToUndefined,
  z
    .enum(["1", "0", "true", "false"])
    .default("false")
    .transform((v) => v === "1" || v === "true"),
);

/** "30/600,200/86400": at most 30 failures in 10 minutes and 200 in a day. */
const failureWindows = (fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+\/\d+(,\d+\/\d+)*$/, "expected failures/seconds pairs, e.g. 30/600,200/86400")
      .transform((spec) =>
        spec.split(",").map((pair) => {
          const [failures, seconds] = pair.split("/").map(Number);
          return { failures, seconds };
        }),
      )
      .pipe(
        z.array(
          z.object({
            failures: z.number().int().min(1).max(1_000_000),
            seconds: z.number().int().min(1).max(31_536_000),
          }),
        ),
      )
      .prefault(fallback),
  );

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * The origin every key link, QR code, label and export points to. Unset: this machine on PORT
     * (`http://localhost:<PORT>`), so a server on another port never hands out links to port 3000.
     */
    PUBLIC_URL: z
      .preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional())
      .transform((url) => url?.replace(/\/+$/, "")),
    /** Set: PostgreSQL through postgres.js. Unset: embedded PGlite persisted in PGLITE_DIR. */
    DATABASE_URL: optionalString,
    /**
     * A direct PostgreSQL URL for migrations when DATABASE_URL goes through PgBouncer in transaction
     * mode, where the migration's session-level advisory lock would not stay on one connection.
     */
    DATABASE_DIRECT_URL: optionalString,
    PGLITE_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/pglite")),
    /** Seeds the demo organiser and sample event into an empty embedded database. */
    SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["auto", "never"]).default("auto")),
    /** The demo organiser's password; unset (the default): a random one, printed once at the seed. */
    DEMO_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(10).max(200).optional()),
    /** Only behind a reverse proxy: take the client address from X-Forwarded-For. */
    TRUST_PROXY: flag,
    /** Set: rate-limiter state shared through Redis; unset: PostgreSQL, or memory on PGlite. */
    REDIS_URL: optionalString,
    /** postgres.js pool size per instance; prepared statements off for PgBouncer transaction mode. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    DATABASE_PREPARE: z.preprocess(
      emptyToUndefined,
      z
        .enum(["1", "0", "true", "false"])
        .default("true")
        .transform((v) => v === "1" || v === "true"),
    ),
    /** Where `next build` writes and `next start` reads; separate folders let test builds run side by side. */
    NEXT_DIST_DIR: z.preprocess(emptyToUndefined, z.string().default(".next")),
    /**
     * The time zone of the events' dates in CSV exports (events have none of their own yet): local
     * times with their offset, e.g. 2027-05-01T10:00:00+02:00. An IANA name.
     */
    TIME_ZONE: z.preprocess(
      emptyToUndefined,
      z.string().refine(isTimeZone, "TIME_ZONE must be an IANA time zone such as Europe/Berlin").default("UTC"),
    ),
    /** Days after an event's end during which its keys can still be redeemed. */
    REDEEM_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    /**
     * Phones the passcode can connect per event (each gets a starter slot); past it, redeeming the
     * passcode is a 409, so anonymous callers cannot grow the starters table without limit.
     */
    PASSCODE_SLOTS_PER_EVENT: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
    /**
     * Failed key lookups (resolve, redeem, landing page) allowed per window, as "failures/seconds"
     * pairs: a client over any window gets 429 until it ends. docs/security.md explains the numbers.
     */
    LOOKUP_FAILURES_PER_ADDRESS: failureWindows("30/600,200/86400"),
    LOOKUP_FAILURES_PER_DEVICE: failureWindows("10/600,50/86400"),
    /**
     * With a shared limiter store (Redis, PostgreSQL): how long an instance that found a client holding
     * no failed lookups answers its found keys without asking the store again (0: always asks). A
     * failure counted at another instance reaches found keys here at most this much later; failed
     * lookups are always counted in the store (lib/platform/ratelimit/failure-limiter.ts, `cleanForMs`).
     */
    LOOKUP_CLEAN_CACHE_MS: z.coerce.number().int().min(0).max(5000).default(500),
    APP_NAME: z.preprocess(emptyToUndefined, z.string().default("RACEMAP App")),
    IOS_APP_STORE_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d+$/).default("1061429592")),
    IOS_BUNDLE_ID: z.preprocess(emptyToUndefined, z.string().default("com.racemap.app")),
    APPLE_TEAM_ID: z.preprocess(emptyToUndefined, z.string().default("ABCDE12345")),
    ANDROID_PACKAGE: z.preprocess(emptyToUndefined, z.string().default("com.racemap.app")),
    ANDROID_SHA256_CERT_FINGERPRINTS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5")
        .transform((list) =>
          list
            .split(",")
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean),
        ),
    ),
    APP_URL_SCHEME: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z][a-z0-9+.-]*$/)
        .default("racemap"),
    ),
    /**
     * Set: GET /metrics answers scrapes that send it as a Bearer token (and so does METRICS_PORT's
     * listener). Unset: /metrics on the app's port is a 404.
     */
    METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).max(200).optional()),
    /** Set: the metrics are also served on this port, by a listener of their own (docs/operations.md). */
    METRICS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
    /**
     * Set: OpenTelemetry traces go to this OTLP/HTTP collector (`<it>/v1/traces`), e.g.
     * http://otel-collector:4318. Unset: no tracing code is loaded at all.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional())
      .transform((url) => url?.replace(/\/+$/, "")),
    /** The `service.name` of the traces. */
    OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().max(100).default("racekeys")),
    /** Landing visit counts are kept this many days (by their hour), then purged. */
    RETENTION_VISIT_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
    /** An Idempotency-Key of a mint is honoured this many days; then it is cleared (the keys stay). */
    RETENTION_IDEMPOTENCY_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    /** Days the audit log keeps an entry. */
    RETENTION_AUDIT_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
    /** Days a finished webhook delivery (delivered or given up) is kept for its endpoint's list; pending ones stay. */
    RETENTION_WEBHOOK_DELIVERY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Minutes between the server's retention purges (one instance at a time); 0 turns them off. */
    RETENTION_PURGE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
    /** Allow webhook endpoints on loopback, private, link-local and unique-local addresses (self-hosted setups, tests). */
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: flag,
    /** Whether this instance delivers webhooks (every instance may: claims are exclusive). */
    WEBHOOKS_DELIVERY: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("on")),
    /** Milliseconds between the delivery worker's polls for due messages. */
    WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
    /** The first retry's delay in milliseconds; each further retry waits twice as long (with jitter). */
    WEBHOOKS_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5000),
    /** The longest wait between two attempts, in milliseconds (6 hours). */
    WEBHOOKS_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(21_600_000),
    /** A message is retried until it is this many hours old (at least 24), then given up. */
    WEBHOOKS_RETRY_HOURS: z.coerce.number().min(0).max(720).default(27),
    /** An endpoint whose attempts all failed for this many hours is disabled (3 days). */
    WEBHOOKS_DISABLE_AFTER_HOURS: z.coerce.number().min(0).max(8760).default(72),
    /** One attempt's time limit in milliseconds, connection to last byte read. */
    WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Attempts one instance runs at once. */
    WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
  })
  .transform((config) => ({ ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` }));

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

let current: Config | undefined;

export function getConfig(): Config {
  current ??= loadConfig(process.env);
  return current;
}

/** Test-only: the variables that point tests at a PostgreSQL server, if any. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** Test-only: the Redis server for rate-limiter tests, if any. */
export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || undefined;
}
