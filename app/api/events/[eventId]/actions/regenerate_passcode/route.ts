import * as operations from "@/lib/adapters/api/operations";
import { authorizeEvent } from "@/lib/domain/access";
import { regeneratePasscode } from "@/lib/domain/events/events";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.regeneratePasscode, async ({ db, principal, params }) => {
    const event = await authorizeEvent(db, principal, "passcode:regenerate", params.eventId);
    return Response.json(toEventOutput(await regeneratePasscode(db, event), getConfig().PUBLIC_URL));
  }),
});
