import * as operations from "@/lib/adapters/api/operations";
import { authorizeWebhook } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { redeliver } from "@/lib/domain/webhooks/endpoints";
import { toDelivery } from "@/lib/domain/webhooks/schemas";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.redeliverWebhook, async ({ db, principal, params }) => {
    const endpoint = await authorizeWebhook(db, principal, "webhooks:manage", params.webhookId);
    const delivery = await redeliver(db, endpoint, params.deliveryId);
    wakeWebhookWorker();
    return Response.json(toDelivery(delivery), { status: 202 });
  }),
});
