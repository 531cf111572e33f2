import * as operations from "@/lib/adapters/api/operations";
import { authorizeEventIds, authorizeOrganisation } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { createWebhook, listWebhooks } from "@/lib/domain/webhooks/endpoints";
import { toWebhook } from "@/lib/domain/webhooks/schemas";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listWebhooks, async ({ db, principal }) =>
    Response.json((await listWebhooks(db, authorizeOrganisation(principal, "webhooks:read"))).map(toWebhook)),
  ),
  POST: handle(operations.createWebhook, async ({ db, principal, body }) => {
    const owner = authorizeOrganisation(principal, "webhooks:manage");
    await authorizeEventIds(db, principal, body.eventIds ?? []);
    const endpoint = await createWebhook(db, owner, body, getConfig().WEBHOOKS_ALLOW_PRIVATE_TARGETS);
    return Response.json({ ...toWebhook(endpoint), secret: endpoint.secret }, { status: 201 });
  }),
});
