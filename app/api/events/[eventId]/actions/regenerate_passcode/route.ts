import * as operations from "@/lib/api/operations";
import { regeneratePasscode } from "@/lib/events/events";
import { toEventOutput } from "@/lib/events/schemas";
import { handle, routeMethods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.regeneratePasscode, async ({ db, organiserId, params }) =>
    Response.json(toEventOutput(await regeneratePasscode(db, organiserId, params.eventId))),
  ),
});
