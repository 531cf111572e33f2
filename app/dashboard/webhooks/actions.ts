"use server";

import { action } from "@/lib/adapters/dashboard/action";
import { invalidForm } from "@/lib/adapters/dashboard/forms";
import {
  createWebhookFormSchema,
  parseWebhookForm,
  redeliverSchema,
  webhookIdSchema,
} from "@/lib/adapters/dashboard/webhooks";
import { authorizeWebhook, authorizeOrganisation } from "@/lib/domain/access";
import {
  createWebhook,
  deleteWebhook,
  redeliver,
  rotateWebhookSecret,
  sendTestEvent,
} from "@/lib/domain/webhooks/endpoints";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { getConfig } from "@/lib/platform/config";

const PAGE = "/dashboard/webhooks";

export const createWebhookAction = action(
  { page: PAGE, schema: createWebhookFormSchema, keep: ["url"] },
  async ({ db, principal, input, values, formData }) => {
    const parsed = parseWebhookForm(input.url, formData);
    if (!parsed.success) return invalidForm(parsed.error, values);
    const owner = authorizeOrganisation(principal, "webhooks:manage");
    const endpoint = await createWebhook(db, owner, parsed.data, getConfig().WEBHOOKS_ALLOW_PRIVATE_TARGETS);
    return { status: "ok", message: `Webhook for ${endpoint.url} created.`, secret: endpoint.secret };
  },
);

export const rotateWebhookAction = action({ page: PAGE, schema: webhookIdSchema }, async ({ db, principal, input }) => {
  const rotated = await rotateWebhookSecret(
    db,
    await authorizeWebhook(db, principal, "webhooks:manage", input.webhookId),
  );
  return { status: "ok", message: "New signing secret made; the old one no longer signs.", secret: rotated.secret };
});

export const deleteWebhookAction = action({ page: PAGE, schema: webhookIdSchema }, async ({ db, principal, input }) => {
  await deleteWebhook(db, await authorizeWebhook(db, principal, "webhooks:manage", input.webhookId));
  return { status: "ok", message: "Webhook deleted." };
});

export const sendTestWebhookAction = action(
  { page: PAGE, schema: webhookIdSchema },
  async ({ db, principal, input }) => {
    await sendTestEvent(db, await authorizeWebhook(db, principal, "webhooks:manage", input.webhookId));
    wakeWebhookWorker();
    return { status: "ok", message: "Test event queued." };
  },
);

export const redeliverWebhookAction = action(
  { page: PAGE, schema: redeliverSchema },
  async ({ db, principal, input }) => {
    const endpoint = await authorizeWebhook(db, principal, "webhooks:manage", input.webhookId);
    await redeliver(db, endpoint, input.deliveryId);
    wakeWebhookWorker();
    return { status: "ok", message: "Queued again." };
  },
);
