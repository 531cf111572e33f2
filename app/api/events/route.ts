import * as operations from "@/lib/adapters/api/operations";
import { createEvent, listEvents } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listEvents, async ({ db, organiserId }) =>
    Response.json((await listEvents(db, organiserId)).map(toEventOutput)),
  ),
  POST: handle(operations.createEvent, async ({ db, organiserId, body }) =>
    Response.json(toEventOutput(await createEvent(db, organiserId, body)), { status: 201 }),
  ),
});
