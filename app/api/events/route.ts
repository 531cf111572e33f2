import * as operations from "@/lib/adapters/api/operations";
import { authorizeEventCreation } from "@/lib/domain/access";
import { createEvent, listEvents } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listEvents, async ({ db, principal }) =>
    Response.json((await listEvents(db, principal)).map(toEventOutput)),
  ),
  POST: handle(operations.createEvent, async ({ db, principal, body }) =>
    Response.json(toEventOutput(await createEvent(db, authorizeEventCreation(principal), body)), { status: 201 }),
  ),
});
