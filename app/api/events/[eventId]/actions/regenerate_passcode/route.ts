import * as operations from "@/lib/api/operations";
import { regeneratePasscode } from "@/lib/events/events";
import { toEventOutput } from "@/lib/events/schemas";
import { handle, methodNotAllowed } from "@/lib/http/route";

export const POST = handle(operations.regeneratePasscode, async ({ db, organiserId, params }) =>
  Response.json(toEventOutput(await regeneratePasscode(db, organiserId, params.eventId))),
);

export const GET = methodNotAllowed(["POST"]);
