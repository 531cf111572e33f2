import * as operations from "@/lib/adapters/api/operations";
import { authorizeWebhook } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { sendTestEvent } from "@/lib/domain/webhooks/endpoints";
import { toDelivery } from "@/lib/domain/webhooks/schemas";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.sendWebhookTest, async ({ db, principal, params }) => {
    const endpoint = await authorizeWebhook(db, principal, "webhooks:manage", params.webhookId);
    const delivery = await sendTestEvent(db, endpoint);
    wakeWebhookWorker();
    return Response.json(toDelivery(delivery), { status: 202 });
  }),
});
