import { z } from "zod";
import { createWebhookSchema, WEBHOOK_EVENT_TYPES } from "@/lib/domain/webhooks/schemas";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";

/** What each event type means, for the Webhooks page's checkboxes. */
export const EVENT_TYPE_LABELS: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  "starter.key_redeemed": "A key or the passcode connected a phone",
  "starter.key_released": "A key was released from its phone",
  "starter.updated": "A participant's name, start number or registration id changed",
  "keys.minted": "Keys were minted",
  "event.passcode_regenerated": "An event's passcode was replaced",
};

/** The new endpoint form: the URL here, the checked event types (several `eventTypes` values) in the handler. */
export const createWebhookFormSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the URL your system receives webhooks at.")
    .max(2000)
    .refine(...withoutControlCharacters),
});

/** The API's rules for the whole form, so both refuse the same. */
export function parseWebhookForm(url: string, formData: FormData) {
  return createWebhookSchema.safeParse({ url, eventTypes: formData.getAll("eventTypes").map(String) });
}

export const webhookIdSchema = z.object({ webhookId: z.uuid("That webhook does not exist.") });
export const redeliverSchema = z.object({
  webhookId: z.uuid("That webhook does not exist."),
  deliveryId: z.string().max(40),
});
