import * as operations from "@/lib/api/operations";
import { getOwnEvent } from "@/lib/events/events";
import { handle, methodNotAllowed } from "@/lib/http/route";
import { idempotencyKeyOf } from "@/lib/keys/idempotency";
import { mintStarterKeys } from "@/lib/keys/mint";
import { toStarterKey } from "@/lib/keys/schemas";
import { getConfig } from "@/lib/config";

export const POST = handle(operations.generateStarterKeys, async ({ req, db, organiserId, params, query }) => {
  await getOwnEvent(db, organiserId, params.eventId);
  const result = await mintStarterKeys(db, {
    organiserId,
    eventId: params.eventId,
    count: query.count,
    idempotencyKey: idempotencyKeyOf(req),
  });
  const { PUBLIC_URL } = getConfig();
  return Response.json(
    result.starters.map((row) => toStarterKey(row, PUBLIC_URL)),
    { status: result.replayed ? 200 : 201, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
  );
});

export const GET = methodNotAllowed(["POST"]);
