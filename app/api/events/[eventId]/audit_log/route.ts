import * as operations from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { authorizeEvent } from "@/lib/domain/access";
import { listAudit, toAuditOutput } from "@/lib/domain/audit";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getAuditLog, async ({ db, principal, params, query }) => {
    const event = await authorizeEvent(db, principal, "audit:read", params.eventId);
    const page = await listAudit(db, { organisationId: event.organisationId, eventId: event.id }, query);
    return Response.json({ entries: page.entries.map(toAuditOutput), nextCursor: page.nextCursor });
  }),
});
