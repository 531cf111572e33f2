import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { authorizeStarter } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { toStarterKey } from "@/lib/domain/keys/schemas";
import { releaseKey } from "@/lib/domain/redeem/release";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.releaseKey, async ({ db, principal, params }) => {
    const { starter } = await authorizeStarter(db, principal, "starter:release", { starterId: params.starterId });
    return Response.json(toStarterKey(await releaseKey(db, starter), getConfig().PUBLIC_URL));
  }),
});
