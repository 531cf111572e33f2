import * as operations from "@/lib/adapters/api/operations";
import { authorizeWebhook } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { deleteWebhook } from "@/lib/domain/webhooks/endpoints";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  DELETE: handle(operations.deleteWebhook, async ({ db, principal, params }) => {
    await deleteWebhook(db, await authorizeWebhook(db, principal, "webhooks:manage", params.webhookId));
    return new Response(null, { status: 204 });
  }),
});
