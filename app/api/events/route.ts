import * as operations from "@/lib/api/operations";
import { createEvent, listEvents } from "@/lib/events/events";
import { toEventOutput } from "@/lib/events/schemas";
import { handle } from "@/lib/http/route";

export const POST = handle(operations.createEvent, async ({ db, organiserId, body }) =>
  Response.json(toEventOutput(await createEvent(db, organiserId, body)), { status: 201 }),
);

export const GET = handle(operations.listEvents, async ({ db, organiserId }) =>
  Response.json((await listEvents(db, organiserId)).map(toEventOutput)),
);
