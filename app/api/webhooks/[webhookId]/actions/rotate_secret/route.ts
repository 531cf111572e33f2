import * as operations from "@/lib/adapters/api/operations";
import { authorizeWebhook } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { rotateWebhookSecret } from "@/lib/domain/webhooks/endpoints";
import { toWebhook } from "@/lib/domain/webhooks/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.rotateWebhookSecret, async ({ db, principal, params }) => {
    const endpoint = await authorizeWebhook(db, principal, "webhooks:manage", params.webhookId);
    const rotated = await rotateWebhookSecret(db, endpoint);
    return Response.json(
      { ...toWebhook(rotated), secret: rotated.secret },
      { headers: { "Cache-Control": "no-store" } },
    );
  }),
});
