import type { Db } from "@/db/client";
import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { getConfig } from "@/lib/platform/config";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { toStarterKey } from "@/lib/domain/keys/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.generateStarterKeys, async ({ db, principal, params, query, headers }) => {
    await authorizeEvent(db, principal, "keys:mint", params.eventId);
    const { starters, replayed } = await audited(
      db,
      principal,
      (minted) => ({
        action: "keys.minted",
        eventId: params.eventId,
        detail: { count: minted.starters.length, replayed: minted.replayed },
      }),
      (tx: Db) =>
        mintStarterKeys(tx, {
          organiserId: principal.organiserId,
          eventId: params.eventId,
          count: query.count,
          idempotencyKey: headers["idempotency-key"],
        }),
    );
    const { PUBLIC_URL } = getConfig();
    return Response.json(
      starters.map((row) => toStarterKey(row, PUBLIC_URL)),
      replayed ? { status: 200, headers: { "Idempotent-Replayed": "true" } } : { status: 201 },
    );
  }),
});
