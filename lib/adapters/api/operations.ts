import { z } from "zod";
import { errorBodySchema } from "@/lib/adapters/http/errors";
import { defineOperation, type ResponseSpec } from "@/lib/adapters/http/operation";
import { LOGO_CONTENT_TYPE, LOGO_CONTENT_TYPES, MAX_LOGO_BYTES } from "@/lib/domain/events/logo";
import {
  createEventSchema,
  deleteEventQuerySchema,
  eventIdParamsSchema,
  eventLogoQuerySchema,
  eventOutputSchema,
  listEventsQuerySchema,
  updateEventSchema,
} from "@/lib/domain/events/schemas";
import { keyFileQuerySchema } from "@/lib/domain/key-files/schemas";
import { mintHeadersSchema, mintQuerySchema, starterKeyListSchema, starterKeySchema } from "@/lib/domain/keys/schemas";
import { qrQuerySchema } from "@/lib/domain/qr/schemas";
import {
  redeemedKeySchema,
  redeemKeyBodySchema,
  resolvedKeySchema,
  resolveKeyQuerySchema,
  starterIdParamsSchema,
} from "@/lib/domain/redeem/schemas";
import {
  checkoutBodySchema,
  MAX_UPSERT_BYTES,
  starterListQuerySchema,
  starterPageSchema,
  starterSchema,
  starterUpsertRowsSchema,
  updateStarterSchema,
  upsertQuerySchema,
  upsertResultSchema,
} from "@/lib/domain/starters/schemas";
import { ACTIVITY_UPLOAD_CONTENT_TYPES, MAX_ACTIVITY_UPLOAD_BYTES } from "@/lib/domain/activities/file";
import {
  activityListQuerySchema,
  activityPageSchema,
  activityParamsSchema,
  activitySummarySchema,
  activityTrackQuerySchema,
  activityTrackSchema,
  uploadActivityQuerySchema,
} from "@/lib/domain/activities/schemas";
import { usageQuerySchema, usageSchema } from "@/lib/domain/usage/schemas";
import { auditPageSchema, auditQuerySchema } from "@/lib/domain/audit";
import {
  createdTokenSchema,
  createTokenBodySchema,
  tokenIdParamsSchema,
  tokenOutputSchema,
} from "@/lib/domain/teams/tokens";
import { createInvitationBodySchema, createdInvitationSchema } from "@/lib/domain/teams/invitations";
import {
  createWebhookSchema,
  deliveryIdParamsSchema,
  deliveryListSchema,
  deliverySchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookWithSecretSchema,
} from "@/lib/domain/webhooks/schemas";
import { openApiDocumentSchema } from "./openapi-document";

/**
 * Every API operation of Racekeys. Route handlers validate with these, and /api/openapi.json is
 * generated from them.
 */
const error = (description: string): ResponseSpec => ({ description, schema: errorBodySchema });
const authErrors = {
  401: error("Missing, unknown, expired or revoked API token"),
  403: error("The API token lacks the scope this operation needs (the message and details name it)"),
};
const eventErrors = { ...authErrors, 404: error("No such event of this organiser") };

export const inspectToken = defineOperation({
  operationId: "inspectToken",
  method: "GET",
  path: "/api/inspect",
  summary: "Check an API token and see whose it is",
  auth: "token",
  scopes: [],
  responses: {
    200: { description: "The token is valid", schema: z.object({ userId: z.uuid() }).meta({ id: "Inspect" }) },
    ...authErrors,
  },
});

export const createEvent = defineOperation({
  operationId: "createEvent",
  method: "POST",
  path: "/api/events",
  summary: "Create an event with a fresh passcode",
  auth: "token",
  scopes: ["events:write"],
  body: createEventSchema,
  responses: {
    201: { description: "The new event", schema: eventOutputSchema },
    400: error("Invalid body"),
    409: error("The slug is taken"),
    ...authErrors,
  },
});

export const listEvents = defineOperation({
  operationId: "listEvents",
  method: "GET",
  path: "/api/events",
  summary: "List my events, newest first: those not archived, or with `archived=true` the archived ones",
  auth: "token",
  scopes: ["events:read"],
  query: listEventsQuerySchema,
  responses: {
    200: { description: "My events", schema: z.array(eventOutputSchema) },
    400: error("archived is neither true nor false"),
    ...authErrors,
  },
});

export const getEvent = defineOperation({
  operationId: "getEvent",
  method: "GET",
  path: "/api/events/{eventId}",
  summary: "Show one event",
  auth: "token",
  scopes: ["events:read"],
  params: eventIdParamsSchema,
  responses: { 200: { description: "The event", schema: eventOutputSchema }, ...eventErrors },
});

export const updateEvent = defineOperation({
  operationId: "updateEvent",
  method: "PATCH",
  path: "/api/events/{eventId}",
  summary:
    "Change an event's name, slug, dates, app (`app: null`: the default app), its landing page's accent colour and description (null removes them), or archive it (`archived: true`: left out of the list, its key links still work) and back",
  auth: "token",
  scopes: ["events:write"],
  params: eventIdParamsSchema,
  body: updateEventSchema,
  responses: {
    200: { description: "The changed event", schema: eventOutputSchema },
    400: error("Invalid body, e.g. an accent colour with less than 4.5:1 contrast to white text"),
    409: error("The slug is taken"),
    ...eventErrors,
  },
});

export const deleteEvent = defineOperation({
  operationId: "deleteEvent",
  method: "DELETE",
  path: "/api/events/{eventId}",
  summary:
    "Delete an event with its keys, starters, bindings and visit counts, confirmed with its slug (`confirm`); its keys and passcode are never issued again and resolve to nothing",
  auth: "token",
  scopes: ["events:write"],
  params: eventIdParamsSchema,
  query: deleteEventQuerySchema,
  responses: {
    204: { description: "Deleted" },
    400: error("confirm missing or not the event's slug"),
    ...eventErrors,
  },
});

export const getEventLogo = defineOperation({
  operationId: "getEventLogo",
  method: "GET",
  path: "/api/events/{eventId}/logo",
  summary: "The event's logo for its landing page and link previews (public, cacheable; PNG)",
  auth: "none",
  params: eventIdParamsSchema,
  query: eventLogoQuerySchema,
  responses: {
    200: { description: "The logo as re-encoded when it was uploaded", contentTypes: [LOGO_CONTENT_TYPE] },
    304: { description: "Not modified (If-None-Match)" },
    400: error("eventId is not an event id"),
    404: error("No such event, or it has no logo"),
  },
});

export const putEventLogo = defineOperation({
  operationId: "putEventLogo",
  method: "PUT",
  path: "/api/events/{eventId}/logo",
  summary:
    "Set the event's logo: the image itself as the body; it is re-encoded as PNG and shrunk to fit 512×256 pixels",
  auth: "token",
  scopes: ["events:write"],
  params: eventIdParamsSchema,
  rawBody: { contentTypes: LOGO_CONTENT_TYPES, maxBytes: MAX_LOGO_BYTES, description: "a PNG, JPEG or WebP image" },
  responses: {
    200: { description: "The event with its new logo", schema: eventOutputSchema },
    400: error("Not a readable PNG, JPEG or WebP image (SVG is refused), or more than 4096×4096 pixels"),
    ...eventErrors,
  },
});

export const deleteEventLogo = defineOperation({
  operationId: "deleteEventLogo",
  method: "DELETE",
  path: "/api/events/{eventId}/logo",
  summary: "Remove the event's logo (an event without one stays as it is)",
  auth: "token",
  scopes: ["events:write"],
  params: eventIdParamsSchema,
  responses: { 200: { description: "The event without a logo", schema: eventOutputSchema }, ...eventErrors },
});

export const regeneratePasscode = defineOperation({
  operationId: "regeneratePasscode",
  method: "POST",
  path: "/api/events/{eventId}/actions/regenerate_passcode",
  summary: "Replace the event's passcode; the old one stops working",
  auth: "token",
  scopes: ["events:write"],
  params: eventIdParamsSchema,
  responses: { 200: { description: "The event with its new passcode", schema: eventOutputSchema }, ...eventErrors },
});

export const generateStarterKeys = defineOperation({
  operationId: "generateStarterKeys",
  method: "POST",
  path: "/api/events/{eventId}/actions/generate_starter_keys",
  summary: "Mint N new keys for the event, all or none",
  auth: "token",
  scopes: ["keys:mint"],
  params: eventIdParamsSchema,
  query: mintQuerySchema,
  headers: mintHeadersSchema,
  responses: {
    201: { description: "The new starter keys", schema: starterKeyListSchema },
    200: { description: "Replay of an earlier request with the same Idempotency-Key", schema: starterKeyListSchema },
    400: error("count missing or out of range"),
    422: error("Idempotency-Key reused with other parameters"),
    ...eventErrors,
  },
});

export const listStarterKeys = defineOperation({
  operationId: "listStarterKeys",
  method: "GET",
  path: "/api/events/{eventId}/starter_keys",
  summary: "The event's keys as JSON, CSV or printable QR labels (PDF), streamed",
  auth: "token",
  scopes: ["keys:read"],
  params: eventIdParamsSchema,
  query: keyFileQuerySchema,
  responses: {
    200: {
      description: "The keys (CSV: RFC 4180, UTF-8, header row; PDF: one QR label per key on the chosen layout)",
      schema: starterKeyListSchema,
      contentTypes: ["application/json", "text/csv", "application/pdf"],
    },
    400: error("Unknown format, delimiter, filter, layout or offset"),
    ...eventErrors,
  },
});

export const listStarters = defineOperation({
  operationId: "listStarters",
  method: "GET",
  path: "/api/events/{eventId}/starters",
  summary:
    "The event's starters (participants): cursor-paged JSON, or all of them as streamed CSV; filter by importId, startNumber, keyUsed, updatedSince",
  auth: "token",
  scopes: ["keys:read"],
  params: eventIdParamsSchema,
  query: starterListQuerySchema,
  responses: {
    200: {
      description: "A page of starters (JSON), or every matching starter (CSV: RFC 4180, UTF-8, header row)",
      schema: starterPageSchema,
      contentTypes: ["application/json", "text/csv"],
    },
    400: error("Unknown format, malformed cursor, limit, keyUsed or updatedSince"),
    ...eventErrors,
  },
});

export const upsertStarters = defineOperation({
  operationId: "upsertStarters",
  method: "PUT",
  path: "/api/events/{eventId}/starters",
  summary:
    "Save participant data onto the event's starters, all or nothing: matched by starterId, importId, key, then start number; new participants get unused keys. dryRun=true answers the same without writing",
  auth: "token",
  scopes: ["starters:write"],
  params: eventIdParamsSchema,
  query: upsertQuerySchema,
  rawBody: {
    contentTypes: ["application/json", "text/csv"],
    maxBytes: MAX_UPSERT_BYTES,
    description:
      "a JSON array of up to 100,000 rows, or a CSV list with the dashboard's columns (name, startNumber, key, starter_id, an id column)",
    schemas: { "application/json": starterUpsertRowsSchema },
  },
  responses: {
    200: { description: "What was written (or, on a dry run, would be)", schema: upsertResultSchema },
    400: error("Not valid JSON, or rows of the wrong shape"),
    422: error(
      "Row problems (details: path <line>.<field>, e.g. a key of another starter, a duplicate start number, no unused key left): nothing was written",
    ),
    ...eventErrors,
  },
});

export const checkoutStarter = defineOperation({
  operationId: "checkoutStarter",
  method: "POST",
  path: "/api/events/{eventId}/starters",
  summary:
    "Key at checkout: the starter of this importId with its key, created with an unused key (minted if none is left) the first time; the same importId again answers the same starter and key",
  auth: "token",
  scopes: ["keys:mint"],
  params: eventIdParamsSchema,
  body: checkoutBodySchema,
  responses: {
    201: { description: "A new starter with its key", schema: starterSchema },
    200: { description: "The starter of this importId, as created by an earlier checkout", schema: starterSchema },
    400: error("Invalid body"),
    409: error("The start number is given to another starter"),
    ...eventErrors,
  },
});

export const updateStarter = defineOperation({
  operationId: "updateStarter",
  method: "PATCH",
  path: "/api/starters/{starterId}",
  summary: "Change a starter's name, startNumber or importId (null clears one)",
  auth: "token",
  scopes: ["starters:write"],
  params: starterIdParamsSchema,
  body: updateStarterSchema,
  responses: {
    200: { description: "The changed starter", schema: starterSchema },
    400: error("Invalid body"),
    404: error("No such starter in an event of this organiser"),
    409: error("The start number or importId is given to another starter of the event"),
    ...authErrors,
  },
});

export const getUsage = defineOperation({
  operationId: "getUsage",
  method: "GET",
  path: "/api/events/{eventId}/usage",
  summary: "Keys minted, keys used and passcode phones, per day (TIME_ZONE) and in total, as JSON or CSV",
  auth: "token",
  scopes: ["usage:read"],
  params: eventIdParamsSchema,
  query: usageQuerySchema,
  responses: {
    200: {
      description: "The usage report (CSV: one line per day, then a total line)",
      schema: usageSchema,
      contentTypes: ["application/json", "text/csv"],
    },
    400: error("Unknown format"),
    ...eventErrors,
  },
});

export const generateKeyQrcode = defineOperation({
  operationId: "generateKeyQrcode",
  method: "GET",
  path: "/api/starters/actions/generate_key_qrcode",
  summary: "QR code image of a key link (public, cacheable; does not look the key up)",
  auth: "none",
  query: qrQuerySchema,
  responses: {
    200: { description: "The image", contentTypes: ["image/png", "image/svg+xml"] },
    304: { description: "Not modified (If-None-Match)" },
    400: error(
      "Malformed key, size, format, ecc or margin; an unreadable colour, or too little contrast between dark and light",
    ),
  },
});

const statusSchema = z
  .object({ status: z.enum(["ok", "unavailable"]), reason: z.string().optional() })
  .meta({ id: "Status" });

export const health = defineOperation({
  operationId: "health",
  method: "GET",
  path: "/api/health",
  probe: true,
  summary: "Liveness: the process answers (no database check)",
  auth: "none",
  responses: { 200: { description: "Alive", schema: statusSchema } },
});

export const ready = defineOperation({
  operationId: "ready",
  method: "GET",
  path: "/api/ready",
  probe: true,
  summary: "Readiness: the database answers and all migrations are applied",
  auth: "none",
  responses: {
    200: { description: "Ready for traffic", schema: statusSchema },
    503: { description: "Not ready", schema: statusSchema },
  },
});

const lookupErrors = {
  404: error("Unknown or malformed key or passcode: one answer for both"),
  429: error("Too many failed lookups from this client address or device; retry after Retry-After seconds"),
};

export const resolveKey = defineOperation({
  operationId: "resolveKey",
  method: "GET",
  path: "/api/starters/actions/resolve_key",
  summary: "Which event a key or passcode belongs to, and of which kind; changes nothing",
  auth: "none",
  query: resolveKeyQuerySchema,
  responses: {
    200: { description: "The event (and for a personal key its starter)", schema: resolvedKeySchema },
    400: error("key missing or not a string, or deviceId malformed"),
    ...lookupErrors,
  },
});

export const redeemKey = defineOperation({
  operationId: "redeemKey",
  method: "POST",
  path: "/api/starters/actions/redeem_key",
  summary:
    "Connect an app installation with a key (binds it) or the passcode (a starter per device); idempotent per device",
  auth: "none",
  body: redeemKeyBodySchema,
  responses: {
    200: { description: "Connected; the same answer again for the same device", schema: redeemedKeySchema },
    400: error("Invalid body"),
    409: error(
      "The key is in use on another phone (the organiser can release it), or the event's passcode has connected PASSCODE_SLOTS_PER_EVENT phones",
    ),
    410: error("The event ended more than REDEEM_GRACE_DAYS days ago"),
    ...lookupErrors,
  },
});

export const releaseKey = defineOperation({
  operationId: "releaseKey",
  method: "POST",
  path: "/api/starters/{starterId}/actions/release_key",
  summary: "Unbind a key from its phone so that it can be redeemed on a new one; the binding history is kept",
  auth: "token",
  scopes: ["starters:release"],
  params: starterIdParamsSchema,
  responses: {
    200: {
      description: "The key, free to redeem again (releasing a free key changes nothing)",
      schema: starterKeySchema,
    },
    400: error("starterId is not a starter id"),
    404: error("No such starter in an event of this organiser"),
    409: error("The starter joined with the passcode and has no key to release"),
    ...authErrors,
  },
});

export const uploadActivity = defineOperation({
  operationId: "uploadActivity",
  method: "POST",
  path: "/api/starters/actions/upload_activity",
  summary:
    "Upload a recorded activity (FIT, GPX or TCX, each also gzipped) with a personal key: the file as the body, or as the field `file` of a multipart form. Marks the key used without binding a device; the same file again answers the same activity",
  auth: "none",
  query: uploadActivityQuerySchema,
  rawBody: {
    contentTypes: ACTIVITY_UPLOAD_CONTENT_TYPES,
    maxBytes: MAX_ACTIVITY_UPLOAD_BYTES,
    description: "a FIT, GPX or TCX file (or gzipped), as bytes or as the field `file` of multipart/form-data",
  },
  responses: {
    201: { description: "The new activity", schema: activitySummarySchema },
    200: { description: "This starter uploaded the same file before: that activity", schema: activitySummarySchema },
    400: error(
      "The file is not usable; details[0].message names the problem: empty_file, unknown_format, not_fit, fit_crc_mismatch, fit_truncated, malformed_xml, xml_doctype, bad_gzip, no_track_points, no_timestamps, too_long, outside_event_window",
    ),
    403: error("A passcode cannot upload; a personal key is needed"),
    410: error("The event ended more than REDEEM_GRACE_DAYS days ago"),
    413: error("The file is larger than 25 MiB, as sent or once unzipped"),
    415: error("Not one of the accepted media types"),
    ...lookupErrors,
  },
});

export const listActivities = defineOperation({
  operationId: "listActivities",
  method: "GET",
  path: "/api/events/{eventId}/activities",
  summary: "The activities uploaded with the event's keys, in upload order, cursor-paged",
  auth: "token",
  scopes: ["activities:read"],
  params: eventIdParamsSchema,
  query: activityListQuerySchema,
  responses: {
    200: { description: "A page of activities", schema: activityPageSchema },
    400: error("Malformed cursor or limit"),
    ...eventErrors,
  },
});

export const getActivity = defineOperation({
  operationId: "getActivity",
  method: "GET",
  path: "/api/events/{eventId}/activities/{activityId}",
  summary: "One activity's normalised track: JSON points, a GeoJSON Feature (LineString) or GPX 1.1",
  auth: "token",
  scopes: ["activities:read"],
  params: activityParamsSchema,
  query: activityTrackQuerySchema,
  responses: {
    200: {
      description: "The track (format=json), a GeoJSON Feature (format=geojson) or a GPX file (format=gpx)",
      schema: activityTrackSchema,
      contentTypes: ["application/json", "application/geo+json", "application/gpx+xml"],
    },
    400: error("Malformed eventId, activityId or format"),
    ...authErrors,
    404: error("No such activity in an event of this organiser"),
  },
});

export const deleteActivity = defineOperation({
  operationId: "deleteActivity",
  method: "DELETE",
  path: "/api/events/{eventId}/activities/{activityId}",
  summary: "Delete one activity of the event",
  auth: "token",
  scopes: ["activities:write"],
  params: activityParamsSchema,
  responses: {
    204: { description: "Deleted" },
    400: error("Malformed eventId or activityId"),
    ...authErrors,
    404: error("No such activity in an event of this organiser"),
  },
});

const webhookErrors = { ...authErrors, 404: error("No such webhook endpoint of this account") };

export const createWebhook = defineOperation({
  operationId: "createWebhook",
  method: "POST",
  path: "/api/webhooks",
  summary:
    "Register a webhook endpoint (a public http(s) URL) for some event types, optionally of some events only; the answer carries its signing secret, shown only now",
  auth: "token",
  scopes: ["webhooks:write"],
  body: createWebhookSchema,
  responses: {
    201: { description: "The endpoint with its secret", schema: webhookWithSecretSchema },
    400: error("Invalid body, or a URL that is not a public http(s) target"),
    404: error("An eventId is not an event of this account"),
    409: error("The account has its maximum of endpoints"),
    ...authErrors,
  },
});

export const listWebhooks = defineOperation({
  operationId: "listWebhooks",
  method: "GET",
  path: "/api/webhooks",
  summary: "My webhook endpoints, newest first (without secrets); a disabled one says why",
  auth: "token",
  scopes: ["webhooks:read"],
  responses: { 200: { description: "The endpoints", schema: webhookListSchema }, ...authErrors },
});

export const deleteWebhook = defineOperation({
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/api/webhooks/{webhookId}",
  summary: "Delete a webhook endpoint and its deliveries",
  auth: "token",
  scopes: ["webhooks:write"],
  params: webhookIdParamsSchema,
  responses: { 204: { description: "Deleted" }, ...webhookErrors },
});

export const listWebhookDeliveries = defineOperation({
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/api/webhooks/{webhookId}/deliveries",
  summary: "The endpoint's 100 most recent messages: status, attempts, last response code or error, next retry",
  auth: "token",
  scopes: ["webhooks:read"],
  params: webhookIdParamsSchema,
  responses: { 200: { description: "The deliveries, newest first", schema: deliveryListSchema }, ...webhookErrors },
});

export const rotateWebhookSecret = defineOperation({
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/api/webhooks/{webhookId}/actions/rotate_secret",
  summary: "Give the endpoint a new signing secret (shown only now); the old one stops signing at once",
  auth: "token",
  scopes: ["webhooks:write"],
  params: webhookIdParamsSchema,
  responses: {
    200: { description: "The endpoint with its new secret", schema: webhookWithSecretSchema },
    ...webhookErrors,
  },
});

export const sendWebhookTest = defineOperation({
  operationId: "sendWebhookTest",
  method: "POST",
  path: "/api/webhooks/{webhookId}/actions/send_test",
  summary: "Queue a `webhook.test` message to this endpoint (enables a disabled endpoint again)",
  auth: "token",
  scopes: ["webhooks:write"],
  params: webhookIdParamsSchema,
  responses: { 202: { description: "Queued", schema: deliverySchema }, ...webhookErrors },
});

export const redeliverWebhook = defineOperation({
  operationId: "redeliverWebhook",
  method: "POST",
  path: "/api/webhooks/{webhookId}/deliveries/{deliveryId}/actions/redeliver",
  summary:
    "Send a message again with its webhook-id, due now with a fresh retry window (enables a disabled endpoint again)",
  auth: "token",
  scopes: ["webhooks:write"],
  params: deliveryIdParamsSchema,
  responses: {
    202: { description: "Queued", schema: deliverySchema },
    409: error("An attempt of this message is in flight"),
    ...authErrors,
    404: error("No such message of a webhook endpoint of this account"),
  },
});

export const getOpenApiDocument = defineOperation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/api/openapi.json",
  summary: "This document: OpenAPI 3.1, generated from the operations' zod schemas",
  auth: "none",
  responses: { 200: { description: "The OpenAPI document", schema: openApiDocumentSchema } },
});

export const listTokens = defineOperation({
  operationId: "listTokens",
  method: "GET",
  path: "/api/tokens",
  summary:
    "List the organisation's API tokens (never their secrets), newest first, with scopes, events, expiry and last use",
  auth: "token",
  scopes: ["tokens:write"],
  responses: { 200: { description: "The tokens", schema: z.array(tokenOutputSchema) }, ...authErrors },
});

export const createToken = defineOperation({
  operationId: "createToken",
  method: "POST",
  path: "/api/tokens",
  summary: "Create an API token with scopes, optionally limited to events and an expiry; the secret is shown once",
  auth: "token",
  scopes: ["tokens:write"],
  body: createTokenBodySchema,
  responses: {
    201: { description: "The new token with its secret", schema: createdTokenSchema },
    400: error("Invalid body, an expiry in the past, or an event not of this organisation"),
    ...authErrors,
  },
});

export const revokeToken = defineOperation({
  operationId: "revokeToken",
  method: "DELETE",
  path: "/api/tokens/{tokenId}",
  summary: "Revoke an API token of the organisation: it is refused from the next request on",
  auth: "token",
  scopes: ["tokens:write"],
  params: tokenIdParamsSchema,
  responses: {
    204: { description: "Revoked" },
    404: error("No such active token of this organisation"),
    ...authErrors,
  },
});

export const createInvitation = defineOperation({
  operationId: "createInvitation",
  method: "POST",
  path: "/api/invitations",
  summary:
    "Invite a member by email and role (helpdesk members optionally to chosen events): a one-time link, valid 7 days",
  auth: "token",
  scopes: ["members:write"],
  body: createInvitationBodySchema,
  responses: {
    201: { description: "The invitation and its link, shown once", schema: createdInvitationSchema },
    400: error("Invalid body, or an event not of this organisation"),
    ...authErrors,
  },
});

export const getAuditLog = defineOperation({
  operationId: "getAuditLog",
  method: "GET",
  path: "/api/events/{eventId}/audit_log",
  summary: "The event's audit log, newest first: who did what, when, with what outcome; page with `cursor`",
  auth: "token",
  scopes: ["audit:read"],
  params: eventIdParamsSchema,
  query: auditQuerySchema,
  responses: {
    200: { description: "A page of entries and the cursor of the next", schema: auditPageSchema },
    400: error("Invalid query"),
    ...eventErrors,
  },
});
