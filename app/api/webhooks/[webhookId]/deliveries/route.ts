import * as operations from "@/lib/adapters/api/operations";
import { authorizeWebhook } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { recentDeliveries } from "@/lib/domain/webhooks/endpoints";
import { toDelivery } from "@/lib/domain/webhooks/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listWebhookDeliveries, async ({ db, principal, params }) => {
    const endpoint = await authorizeWebhook(db, principal, "webhooks:read", params.webhookId);
    return Response.json((await recentDeliveries(db, endpoint.id)).map(toDelivery), {
      headers: { "Cache-Control": "no-store" },
    });
  }),
});
