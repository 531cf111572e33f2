import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { authorizeEventCreation } from "@/lib/domain/access";
import { createEvent, listEvents } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listEvents, async ({ db, principal, query }) =>
    Response.json(
      (await listEvents(db, principal, query)).map((event) => toEventOutput(event, getConfig().PUBLIC_URL)),
    ),
  ),
  POST: handle(operations.createEvent, async ({ db, principal, body }) =>
    Response.json(
      toEventOutput(
        await audited(
          db,
          principal,
          (event) => ({ action: "event.created", eventId: event.id, target: event.id, detail: { name: event.name } }),
          (tx) => createEvent(tx, authorizeEventCreation(principal), body),
        ),
        getConfig().PUBLIC_URL,
      ),
      {
        status: 201,
      },
    ),
  ),
});
