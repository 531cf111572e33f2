import { z } from "zod";
import type { WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

/** What an endpoint can subscribe to; the payload's `type`. */
export const WEBHOOK_EVENT_TYPES = [
  "starter.key_redeemed",
  "starter.key_released",
  "starter.updated",
  "keys.minted",
  "event.passcode_regenerated",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** The type of the message "send test event" sends; not subscribable. */
export const TEST_EVENT_TYPE = "webhook.test";

export const MAX_WEBHOOK_URL_LENGTH = 2000;
export const MAX_WEBHOOK_EVENT_IDS = 100;
/** Endpoints one account may have. */
export const MAX_WEBHOOKS_PER_OWNER = 20;

const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, {
  message: `eventTypes must be some of ${WEBHOOK_EVENT_TYPES.join(", ")}`,
});

export const createWebhookSchema = z
  .object({
    url: z
      .string()
      .max(MAX_WEBHOOK_URL_LENGTH, `url is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`)
      .refine((value) => !hasControlCharacters(value), "url must not contain control characters")
      .pipe(z.url({ protocol: /^https?$/, message: "url must be an http or https URL" }))
      .meta({ example: "https://registration.example/hooks/racekeys" }),
    eventTypes: z
      .array(eventTypeSchema)
      .min(1, "eventTypes needs at least one event type")
      .max(WEBHOOK_EVENT_TYPES.length)
      .transform((types) => [...new Set(types)])
      .meta({ example: ["starter.key_redeemed", "starter.updated"] }),
    eventIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_WEBHOOK_EVENT_IDS)
      .transform((ids) => [...new Set(ids)])
      .optional()
      .meta({ description: "Only these events; omitted: every event of the account" }),
  })
  .strict()
  .meta({ id: "CreateWebhook" });
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const webhookIdParamsSchema = z.object({
  webhookId: z.string().meta({ example: "8d7e4f0c-3a52-4f5e-9d0b-1c2e3f4a5b6c" }),
});

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ example: "https://registration.example/hooks/racekeys" }),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    eventIds: z.array(z.uuid()).nullable(),
    createdAt: z.iso.datetime(),
    failingSince: z.iso.datetime().nullable(),
    disabledAt: z.iso.datetime().nullable(),
    disabledReason: z.string().nullable().meta({ example: null }),
  })
  .meta({ id: "Webhook" });
export type WebhookOutput = z.output<typeof webhookSchema>;

export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z.string().meta({
      description: "The signing secret (Standard Webhooks `whsec_…`); shown only now",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .meta({ id: "WebhookWithSecret" });
export type WebhookWithSecretOutput = z.output<typeof webhookWithSecretSchema>;

export const webhookListSchema = z.array(webhookSchema).meta({ id: "WebhookList" });

export const deliverySchema = z
  .object({
    id: z.string().meta({ description: "The message's webhook-id", example: "msg_2b1f0c3e4d5a6b7c8d9e0f1a2b3c4d5e" }),
    eventType: z.string().meta({ example: "starter.key_redeemed" }),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.int().min(0),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    lastStatusCode: z.int().nullable().meta({ example: 200 }),
    lastError: z.string().nullable().meta({ example: null }),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    payload: z.record(z.string(), z.unknown()).meta({
      example: { type: "starter.key_redeemed", timestamp: "2027-05-01T08:00:00.000Z", data: {} },
    }),
  })
  .meta({ id: "WebhookDelivery" });
export type DeliveryOutput = z.output<typeof deliverySchema>;
export const deliveryListSchema = z.array(deliverySchema).meta({ id: "WebhookDeliveryList" });

export const deliveryIdParamsSchema = z.object({
  webhookId: z.string().meta({ example: "8d7e4f0c-3a52-4f5e-9d0b-1c2e3f4a5b6c" }),
  deliveryId: z.string().meta({ example: "msg_2b1f0c3e4d5a6b7c8d9e0f1a2b3c4d5e" }),
});

/** The `webhook-id` of a delivery row: `msg_` and the row id without dashes. */
export const messageId = (rowId: string) => `msg_${rowId.replaceAll("-", "")}`;

/** The row id of a `webhook-id`, or undefined when it is not one. */
export function rowIdOf(message: string): string | undefined {
  const hex = /^msg_([0-9a-f]{32})$/.exec(message)?.[1];
  if (!hex) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toWebhook(row: WebhookEndpoint): WebhookOutput {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes.filter((t): t is WebhookEventType =>
      (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t),
    ),
    eventIds: row.eventIds,
    createdAt: row.createdAt.toISOString(),
    failingSince: iso(row.failingSince),
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
  };
}

export function toDelivery(row: WebhookDelivery): DeliveryOutput {
  return {
    id: messageId(row.id),
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? iso(row.nextAttemptAt) : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
    payload: row.payload as Record<string, unknown>,
  };
}
