import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { authorizeEvent, type EventAction } from "@/lib/domain/access";
import { deleteEvent, updateEvent } from "@/lib/domain/events/events";
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
    const { archived, ...fields } = body;
    const actions: EventAction[] = [
      ...(archived === undefined ? [] : ["event:archive" as const]),
      ...(Object.keys(fields).length ? ["event:write" as const] : []),
    ];
    const event = await authorizeEvent(db, principal, actions, params.eventId);
    const record = { action: "event.changed" as const, eventId: event.id, detail: { fields: Object.keys(body) } };
    const updated = await audited(db, principal, record, (tx) => updateEvent(tx, event, body));
    return Response.json(toEventOutput(updated, getConfig().PUBLIC_URL));
  }),
  DELETE: handle(operations.deleteEvent, async ({ db, principal, params, query }) => {
    const event = await authorizeEvent(db, principal, "event:delete", params.eventId);
    const record = { action: "event.deleted" as const, target: event.id, detail: { name: event.name } };
    await audited(db, principal, record, (tx) => deleteEvent(tx, event, query.confirm));
    return new Response(null, { status: 204 });
  }),
});
