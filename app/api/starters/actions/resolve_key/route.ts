import * as operations from "@/lib/api/operations";
import { handle, routeMethods } from "@/lib/http/route";
import { clientAddress } from "@/lib/ratelimit/client-address";
import { lookUpCode } from "@/lib/redeem/lookup";
import { toResolvedKey } from "@/lib/redeem/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.resolveKey, async ({ req, db, query }) => {
    const resolved = await lookUpCode(db, query.key, { address: clientAddress(req), deviceId: query.deviceId });
    return Response.json(toResolvedKey(resolved), { headers: { "Cache-Control": "no-store" } });
  }),
});
