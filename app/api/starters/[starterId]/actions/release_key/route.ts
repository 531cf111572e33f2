import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { toStarterKey } from "@/lib/domain/keys/schemas";
import { releaseKey } from "@/lib/domain/redeem/release";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.releaseKey, async ({ db, organiserId, params }) =>
    Response.json(toStarterKey(await releaseKey(db, organiserId, params.starterId), getConfig().PUBLIC_URL)),
  ),
});
