import * as operations from "@/lib/adapters/api/operations";
import { audited } from "@/lib/domain/audit";
import { getConfig } from "@/lib/platform/config";
import { authorizeStarter } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { toStarterKey } from "@/lib/domain/keys/schemas";
import { releaseKey } from "@/lib/domain/redeem/release";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.releaseKey, async ({ db, principal, params }) => {
    const { starter } = await authorizeStarter(db, principal, "starter:release", { starterId: params.starterId });
    const record = { action: "key.released" as const, eventId: starter.eventId, target: starter.id };
    const released = await audited(db, principal, record, (tx) => releaseKey(tx, starter));
    return Response.json(toStarterKey(released, getConfig().PUBLIC_URL));
  }),
});
