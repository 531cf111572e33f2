import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { authorizeEvent } from "@/lib/domain/access";
import { regeneratePasscode } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.regeneratePasscode, async ({ db, principal, params }) => {
    const event = await authorizeEvent(db, principal, "passcode:regenerate", params.eventId);
    const record = { action: "passcode.regenerated" as const, eventId: event.id };
    const updated = await audited(db, principal, record, (tx) => regeneratePasscode(tx, event));
    return Response.json(toEventOutput(updated, getConfig().PUBLIC_URL));
  }),
});
