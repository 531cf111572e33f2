import { sql } from "drizzle-orm";
import { nameSearchText } from "./search-text";
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const organisers = pgTable("organisers", {
  id: id(),
  /** Stored lower-case; unique. */
  email: text("email").notNull().unique(),
  /** scrypt hash (lib/domain/auth/passwords); null for API-only accounts. */
  passwordHash: text("password_hash"),
  createdAt: createdAt(),
});
export type Organiser = typeof organisers.$inferSelect;

/** Roles of a member of an organisation (lib/domain/access says what each may do). */
export const ROLES = ["owner", "editor", "helpdesk"] as const;
export type Role = (typeof ROLES)[number];

/**
 * A team that owns events: members (organisers) with roles, API tokens, an audit log. Each account
 * gets its own organisation of the same id when it is made (migration 0013 did so for existing ones).
 */
export const organisations = pgTable("organisations", {
  id: id(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});
export type Organisation = typeof organisations.$inferSelect;

export const memberships = pgTable(
  "memberships",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisers.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    /** Null: every event of the organisation; else only these (helpdesk members limited to chosen events). */
    eventIds: uuid("event_ids").array(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.organiserId] }),
    check("memberships_role", sql`${t.role} in ('owner', 'editor', 'helpdesk')`),
    index("memberships_organiser_idx").on(t.organiserId),
  ],
);
export type Membership = typeof memberships.$inferSelect;

/** A one-time invite link (its SHA-256 only), valid 7 days, single use, revocable. */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    eventIds: uuid("event_ids").array(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The organiser who invited (no foreign key: the invitation outlives nothing it needs). */
    invitedBy: uuid("invited_by"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    check("invitations_role", sql`${t.role} in ('owner', 'editor', 'helpdesk')`),
    index("invitations_organisation_idx").on(t.organisationId),
  ],
);
export type Invitation = typeof invitations.$inferSelect;

/**
 * Who did what to which event, when, with what outcome; written in the transaction of the change.
 * `actor_id` is the organiser or the API token's id (never a secret); `actor_label` its email or name.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organisationId: uuid("organisation_id").notNull(),
    eventId: uuid("event_id"),
    actorKind: text("actor_kind", { enum: ["member", "token"] }).notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    outcome: text("outcome").notNull().default("ok"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_organisation_idx").on(t.organisationId, t.id),
    index("audit_log_event_idx").on(t.eventId, t.id),
    index("audit_log_created_idx").on(t.createdAt),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisers.id, { onDelete: "cascade" }),
    /** The organisation the token acts for; `organiser_id` is who created it. */
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("API token"),
    /** Null: every scope (tokens made before scopes existed); else lib/domain/access's SCOPES. */
    scopes: text("scopes").array(),
    /** Null: every event of the organisation; else only these. */
    eventIds: uuid("event_ids").array(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** SHA-256 of the whole token: tokens are 256-bit random, so a fast hash is enough. */
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters, shown in lists so a person can tell tokens apart. */
    hint: text("hint").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("api_tokens_organiser_idx").on(t.organiserId),
    index("api_tokens_organisation_idx").on(t.organisationId),
  ],
);
export type ApiToken = typeof apiTokens.$inferSelect;

export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisers.id, { onDelete: "cascade" }),
    /** The organisation the dashboard acts in (switched in one click); its membership is checked on every request. */
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    sessionHash: text("session_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_organiser_idx").on(t.organiserId)],
);
export type Session = typeof sessions.$inferSelect;

/**
 * Browsers where an organiser signed in before (OWASP "device cookies"): a sign-in carrying one is
 * limited per account and browser only, so strangers' failures cannot lock the organiser out.
 */
export const knownBrowsers = pgTable(
  "known_browsers",
  {
    id: id(),
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisers.id, { onDelete: "cascade" }),
    /** SHA-256 of the 256-bit random cookie value, like sessions and API tokens. */
    tokenHash: text("token_hash").notNull().unique(),
    /** Failed sign-ins through this browser since its last success (plus any in flight). */
    failures: integer("failures").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("known_browsers_organiser_idx").on(t.organiserId)],
);
export type KnownBrowser = typeof knownBrowsers.$inferSelect;

/**
 * The tracking app an event's key links hand over to (white label), in the names of the API
 * (`app` of PATCH /api/events/:eventId); checked by lib/domain/apps before it is stored.
 */
export interface TrackingApp {
  name: string;
  iosAppStoreId: string;
  iosBundleId: string;
  appleTeamId: string;
  androidPackage: string;
  androidSha256CertFingerprints: string[];
  urlScheme: string;
}

export const events = pgTable(
  "events",
  {
    id: id(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    /** The event's current passcode; a row of `codes` of kind "passcode". */
    passcode: text("passcode")
      .notNull()
      .unique()
      .references(() => codes.code),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** Starter slots made with the passcode so far, kept by the redeem that makes one, against PASSCODE_SLOTS_PER_EVENT. */
    passcodeSlots: integer("passcode_slots").notNull().default(0),
    /** The event's own app; null: the app of the configuration (APP_NAME, IOS_APP_STORE_ID, …). */
    app: jsonb("app").$type<TrackingApp>(),
    /** The landing page's accent, `#rrggbb`, readable under white text (lib/domain/events/branding.ts). */
    accentColor: text("accent_color"),
    /** Plain text shown on the landing page and in its link preview. */
    description: text("description"),
    /** The logo in `event_logos`, described here so pages link it without reading the image: its version and size. */
    logoHash: text("logo_hash"),
    logoWidth: integer("logo_width"),
    logoHeight: integer("logo_height"),
    /** When the organiser archived it: hidden from lists, its key links and passcode still work. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("events_organisation_idx").on(t.organisationId, t.createdAt)],
);
export type Event = typeof events.$inferSelect;

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * An event's logo as re-encoded for serving (lib/domain/events/logo.ts): in the database, so any
 * instance serves it. One row per event, apart from `events` so that event reads never carry it.
 */
export const eventLogos = pgTable("event_logos", {
  eventId: uuid("event_id")
    .primaryKey()
    .references(() => events.id, { onDelete: "cascade" }),
  image: bytea("image").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The one namespace of keys and passcodes: its primary key makes every six-character code unique
 * across all events and both kinds. A replaced passcode stays here as "retired" so that it is
 * never handed out again to somebody else.
 */
export const codes = pgTable(
  "codes",
  {
    code: text("code").primaryKey(),
    eventId: uuid("event_id").notNull(),
    kind: text("kind", { enum: ["key", "passcode", "retired"] }).notNull(),
  },
  (t) => [check("codes_code_format", sql`${t.code} ~ '^[0-9A-Z]{6}$'`), index("codes_event_idx").on(t.eventId)],
);
export type Code = typeof codes.$inferSelect;

/** One mint request: the unit of all-or-nothing and of Idempotency-Key replays. */
export const mintBatches = pgTable(
  "mint_batches",
  {
    id: id(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisers.id, { onDelete: "cascade" }),
    count: integer("count").notNull(),
    idempotencyKey: text("idempotency_key"),
    /** What the request asked for, to tell a replay from a different request with the same key. */
    requestFingerprint: text("request_fingerprint").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("mint_batches_idempotency_idx").on(t.organiserId, t.idempotencyKey)],
);
export type MintBatch = typeof mintBatches.$inferSelect;

/**
 * A starter slot of an event (RACEMAP's "starter"). Minted slots carry a personal key; a participant
 * who joins with the event passcode gets a slot without a key, one per device.
 */
export const starters = pgTable(
  "starters",
  {
    id: id(),
    /** Creation order, for stable listing and keyset paging; never shown. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    key: text("key")
      .unique()
      .references(() => codes.code),
    keyUsed: boolean("key_used").notNull().default(false),
    /** A string: "02" keeps its leading zero. */
    startNumber: text("start_number"),
    name: text("name"),
    /** The name folded for accent- and case-free search; computed by the database. */
    nameSearch: text("name_search").generatedAlwaysAs(() => nameSearchText(sql`"name"`)),
    /** The registration platform's own id of the participant (RACEMAP's `importId`), unique per event. */
    importId: text("import_id"),
    /** The app install this slot is bound to; null while unbound (or after a release). */
    deviceId: text("device_id"),
    batchId: uuid("batch_id").references(() => mintBatches.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
  },
  (t) => [
    index("starters_event_seq_idx").on(t.eventId, t.seq),
    index("starters_batch_idx").on(t.batchId),
    // One passcode slot per device and event: the database, not the app, prevents doubles.
    uniqueIndex("starters_passcode_device_idx")
      .on(t.eventId, t.deviceId)
      .where(sql`${t.key} is null`),
    // One starter per registration: two saves of one list cannot both create it.
    uniqueIndex("starters_event_import_idx")
      .on(t.eventId, t.importId)
      .where(sql`${t.importId} is not null`),
    // The unused keys nobody has been given, in minting order: a checkout takes the first without scanning the given ones.
    index("starters_free_keys_idx")
      .on(t.eventId, t.seq)
      .where(
        sql`${t.key} is not null and ${t.keyUsed} = false and ${t.importId} is null and ${t.name} is null and ${t.startNumber} is null`,
      ),
  ],
);
export type Starter = typeof starters.$inferSelect;

/** Every binding of a key to a device, kept after a release for the organiser's history. */
export const keyBindings = pgTable(
  "key_bindings",
  {
    id: id(),
    starterId: uuid("starter_id")
      .notNull()
      .references(() => starters.id, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    boundAt: timestamp("bound_at", { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [index("key_bindings_starter_idx").on(t.starterId)],
);
export type KeyBinding = typeof keyBindings.$inferSelect;

/**
 * Landing-page visits for statistics, counted per code, platform and UTC hour (no IP address, no
 * user agent): one row however often a key's page is opened in that hour, so anonymous visitors
 * cannot grow the table faster than keys × platforms × hours. `code` is null for the visits
 * recorded before counting per code (migration 0002 folded them into per-event counts).
 */
export const landingVisitCounts = pgTable(
  "landing_visit_counts",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    code: text("code").references(() => codes.code),
    platform: text("platform", { enum: ["ios", "android", "desktop"] }).notNull(),
    inApp: boolean("in_app").notNull(),
    /** The start of the UTC hour. */
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    uniqueIndex("landing_visit_counts_code_hour_idx").on(t.code, t.hour, t.platform, t.inApp),
    index("landing_visit_counts_event_idx").on(t.eventId, t.hour),
  ],
);
export type LandingVisitCount = typeof landingVisitCounts.$inferSelect;

/**
 * Counters of the failed-lookup rate limiter on PostgreSQL (rate-limiter-flexible's Drizzle store,
 * which expects exactly these columns), shared by every instance. Disposable state: the migration
 * creates the table UNLOGGED, so counting writes no WAL and a crash simply empties it.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

/**
 * Recently failed key lookups per client address, kept so that a key found from that address can
 * forgive its typos (`lib/domain/lookups/recent-failures.ts`): a row lives as long as its point counts.
 * UNLOGGED like `rate_limits`: disposable, shared by every instance, no WAL.
 */
export const lookupFailures = pgTable(
  "lookup_failures",
  {
    address: text("address").notNull(),
    /** The typed text as `typedText` keeps it: at most eight letters or digits. */
    typed: text("typed").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("lookup_failures_address_idx").on(t.address, t.typed),
    index("lookup_failures_expires_idx").on(t.expiresAt),
  ],
);
export type LookupFailure = typeof lookupFailures.$inferSelect;

/**
 * A recorded activity uploaded with a personal key (lib/domain/activities): the original file for
 * re-processing, the normalised track (delta-encoded, gzipped) and its summary. One row per file and
 * starter (`content_hash`); deleted with its starter and event.
 */
export const activities = pgTable(
  "activities",
  {
    id: id(),
    /** Upload order, for stable listing and keyset paging; never shown. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    starterId: uuid("starter_id")
      .notNull()
      .references(() => starters.id, { onDelete: "cascade" }),
    /** SHA-256 of the file as uploaded (hex). */
    contentHash: text("content_hash").notNull(),
    format: text("format", { enum: ["fit", "gpx", "tcx"] }).notNull(),
    original: bytea("original").notNull(),
    track: bytea("track").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    movingSeconds: integer("moving_seconds").notNull(),
    distanceMeters: doublePrecision("distance_meters").notNull(),
    points: integer("points").notNull(),
    droppedPoints: integer("dropped_points").notNull(),
    insideEventWindow: boolean("inside_event_window").notNull(),
    /** The track's outline for SVG thumbnails: "x,y x,y …" in a 100×100 box (`outlineOf`). */
    outline: text("outline").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("activities_format_check", sql`${t.format} in ('fit', 'gpx', 'tcx')`),
    uniqueIndex("activities_starter_hash_idx").on(t.starterId, t.contentHash),
    index("activities_event_seq_idx").on(t.eventId, t.seq),
  ],
);
export type Activity = typeof activities.$inferSelect;

/**
 * A receiver of signed webhooks (lib/domain/webhooks) of an organisation: it hears the events of
 * that organisation. The secret is kept as is because every delivery is signed with it; it leaves
 * the server only when it is made.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** `whsec_` and base64 of 24 random bytes (the Standard Webhooks form); never shown again. */
    secret: text("secret").notNull(),
    eventTypes: text("event_types").array().notNull(),
    /** Null: every event of the organisation. */
    eventIds: uuid("event_ids").array(),
    /** Since when every attempt failed; cleared by a success. Past WEBHOOKS_DISABLE_AFTER_HOURS: disabled. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_endpoints_organisation_idx").on(t.organisationId)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/**
 * The outbox: one row per message and endpoint, written in the transaction of the change it
 * announces. `id` is the message's `webhook-id` (stable across retries and redeliveries).
 * `next_attempt_at` is when it is due; a worker claims it by moving it one lease ahead
 * (`locked_until`), so a crashed worker's claim expires and another instance retries.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("webhook_deliveries_status", sql`${t.status} in ('pending', 'delivered', 'failed')`),
    // The worker's one poll: due pending rows in order.
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
