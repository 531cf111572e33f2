import * as operations from "@/lib/adapters/api/operations";
import { getOwnEvent, updateEvent } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getEvent, async ({ db, organiserId, params }) =>
    Response.json(toEventOutput(await getOwnEvent(db, organiserId, params.eventId))),
  ),
  PATCH: handle(operations.updateEvent, async ({ db, organiserId, params, body }) =>
    Response.json(toEventOutput(await updateEvent(db, organiserId, params.eventId, body))),
  ),
});
