import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { getOwnEvent } from "@/lib/events/events";
import { handle, routeMethods } from "@/lib/http/route";
import { mintStarterKeys } from "@/lib/keys/mint";
import { toStarterKey } from "@/lib/keys/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.generateStarterKeys, async ({ db, organiserId, params, query, headers }) => {
    await getOwnEvent(db, organiserId, params.eventId);
    const { starters, replayed } = await mintStarterKeys(db, {
      organiserId,
      eventId: params.eventId,
      count: query.count,
      idempotencyKey: headers["idempotency-key"],
    });
    const { PUBLIC_URL } = getConfig();
    return Response.json(
      starters.map((row) => toStarterKey(row, PUBLIC_URL)),
      replayed ? { status: 200, headers: { "Idempotent-Replayed": "true" } } : { status: 201 },
    );
  }),
});
