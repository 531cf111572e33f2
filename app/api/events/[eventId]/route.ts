import * as operations from "@/lib/adapters/api/operations";
import { authorizeEvent } from "@/lib/domain/access";
import { updateEvent } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getEvent, async ({ db, principal, params }) =>
    Response.json(
      toEventOutput(await authorizeEvent(db, principal, "event:read", params.eventId), getConfig().PUBLIC_URL),
    ),
  ),
  PATCH: handle(operations.updateEvent, async ({ db, principal, params, body }) => {
    const event = await authorizeEvent(db, principal, "event:write", params.eventId);
    return Response.json(toEventOutput(await updateEvent(db, event, body), getConfig().PUBLIC_URL));
  }),
});
