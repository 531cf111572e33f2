import { randomBytes } from "node:crypto";
import { and, count, desc, eq, or, isNull, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";
import { checkWebhookTarget } from "./targets";
import { MAX_WEBHOOKS_PER_OWNER, rowIdOf, TEST_EVENT_TYPE, type CreateWebhookInput } from "./schemas";

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 random bytes (192 bits). */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/**
 * Registers an endpoint of `organisationId` (the caller checked access and that the events are the
 * owner's). The URL must be a public http(s) target unless private targets are allowed.
 */
export async function createWebhook(
  db: Db,
  organisationId: string,
  input: CreateWebhookInput,
  allowPrivateTargets: boolean,
): Promise<WebhookEndpoint> {
  await checkWebhookTarget(input.url, allowPrivateTargets);
  const [existing] = await db
    .select({ n: count() })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organisationId, organisationId));
  if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_OWNER) {
    throw new DomainError("conflict", `an account can have at most ${MAX_WEBHOOKS_PER_OWNER} webhook endpoints`);
  }
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      organisationId,
      url: input.url,
      secret: newWebhookSecret(),
      eventTypes: input.eventTypes,
      eventIds: input.eventIds ?? null,
    })
    .returning();
  return row!;
}

export function listWebhooks(db: Queryable, organisationId: string): Promise<WebhookEndpoint[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organisationId, organisationId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

/** Deletes the endpoint and its deliveries; one in flight finishes, its result is dropped. */
export async function deleteWebhook(db: Db, endpoint: Pick<WebhookEndpoint, "id">): Promise<void> {
  await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
}

/** A new signing secret; the old one stops signing at once. */
export async function rotateWebhookSecret(db: Db, endpoint: Pick<WebhookEndpoint, "id">): Promise<WebhookEndpoint> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secret: newWebhookSecret() })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  if (!row) throw notFound("webhook");
  return row;
}

export const MAX_DELIVERIES_LISTED = 100;

/** The endpoint's most recent messages, newest first. */
export function recentDeliveries(
  db: Queryable,
  endpointId: string,
  limit = MAX_DELIVERIES_LISTED,
): Promise<WebhookDelivery[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** A disabled endpoint the owner acts on again (redeliver, test) is enabled again. */
async function enable(db: Queryable, endpointId: string): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ disabledAt: null, disabledReason: null, failingSince: null })
    .where(and(eq(webhookEndpoints.id, endpointId), sql`${webhookEndpoints.disabledAt} is not null`));
}

/**
 * Sends a message again, with its `webhook-id` (receivers drop what they already have): due now,
 * with a fresh retry window. Refused while an attempt of it is in flight.
 */
export async function redeliver(
  db: Db,
  endpoint: Pick<WebhookEndpoint, "id">,
  message: string,
): Promise<WebhookDelivery> {
  const rowId = rowIdOf(message);
  if (!rowId) throw notFound("delivery");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({
        status: "pending",
        nextAttemptAt: sql`now()`,
        lockedUntil: null,
        createdAt: sql`now()`,
        deliveredAt: null,
      })
      .where(
        and(
          eq(webhookDeliveries.id, rowId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
        ),
      )
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.id, rowId), eq(webhookDeliveries.endpointId, endpoint.id)));
      if (!exists) throw notFound("delivery");
      throw new DomainError("conflict", "this message is being delivered right now; try again when the attempt ends");
    }
    await enable(tx, endpoint.id);
    return row;
  });
}

/** Queues a `webhook.test` message to this endpoint only. */
export async function sendTestEvent(db: Db, endpoint: Pick<WebhookEndpoint, "id">): Promise<WebhookDelivery> {
  return db.transaction(async (tx) => {
    await enable(tx, endpoint.id);
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        endpointId: endpoint.id,
        eventType: TEST_EVENT_TYPE,
        payload: sql`jsonb_build_object('type', ${TEST_EVENT_TYPE}::text, 'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', jsonb_build_object('webhookId', ${endpoint.id}::text))`,
      })
      .returning();
    return row!;
  });
}
