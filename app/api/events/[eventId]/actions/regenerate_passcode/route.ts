import * as operations from "@/lib/adapters/api/operations";
import { regeneratePasscode } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.regeneratePasscode, async ({ db, organiserId, params }) =>
    Response.json(toEventOutput(await regeneratePasscode(db, organiserId, params.eventId))),
  ),
});
