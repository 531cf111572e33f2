import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { getConfig } from "@/lib/platform/config";
import { authorizeStarter } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { toStarter } from "@/lib/domain/starters/schemas";
import { updateStarter } from "@/lib/domain/starters/update";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  PATCH: handle(operations.updateStarter, async ({ db, principal, params, body }) => {
    const { starter } = await authorizeStarter(db, principal, "starter:write", { starterId: params.starterId });
    const record = {
      action: "starter.edited" as const,
      eventId: starter.eventId,
      target: starter.id,
      detail: { fields: Object.keys(body) },
    };
    const updated = await audited(db, principal, record, (tx) => updateStarter(tx, starter, body));
    return Response.json(toStarter(updated, getConfig().PUBLIC_URL));
  }),
});
