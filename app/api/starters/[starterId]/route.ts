import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { authorizeStarter } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { toStarter } from "@/lib/domain/starters/schemas";
import { updateStarter } from "@/lib/domain/starters/update";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  PATCH: handle(operations.updateStarter, async ({ db, principal, params, body }) => {
    const { starter } = await authorizeStarter(db, principal, "starter:write", { starterId: params.starterId });
    return Response.json(toStarter(await updateStarter(db, starter, body), getConfig().PUBLIC_URL));
  }),
});
