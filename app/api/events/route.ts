import * as operations from "@/lib/api/operations";
import { createEvent, listEvents } from "@/lib/events/events";
import { toEventOutput } from "@/lib/events/schemas";
import { handle, routeMethods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listEvents, async ({ db, organiserId }) =>
    Response.json((await listEvents(db, organiserId)).map(toEventOutput)),
  ),
  POST: handle(operations.createEvent, async ({ db, organiserId, body }) =>
    Response.json(toEventOutput(await createEvent(db, organiserId, body)), { status: 201 }),
  ),
});
