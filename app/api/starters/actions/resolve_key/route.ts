import * as operations from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { clientAddress } from "@/lib/platform/ratelimit/client-address";
import { lookUpKeyOrThrow } from "@/lib/domain/redeem/lookup";
import { toResolvedKey } from "@/lib/domain/redeem/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.resolveKey, async ({ req, db, query }) => {
    const resolved = await lookUpKeyOrThrow(db, query.key, { address: clientAddress(req), deviceId: query.deviceId });
    return Response.json(toResolvedKey(resolved), { headers: { "Cache-Control": "no-store" } });
  }),
});
