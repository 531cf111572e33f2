import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { handle, routeMethods } from "@/lib/http/route";
import { toStarterKey } from "@/lib/keys/schemas";
import { releaseKey } from "@/lib/redeem/release";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.releaseKey, async ({ db, organiserId, params }) =>
    Response.json(toStarterKey(await releaseKey(db, organiserId, params.starterId), getConfig().PUBLIC_URL)),
  ),
});
