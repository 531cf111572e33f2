import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { clientAddress } from "@/lib/platform/ratelimit/client-address";
import { redeemCode } from "@/lib/domain/redeem/redeem";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.redeemKey, async ({ req, db, body }) => {
    const { REDEEM_GRACE_DAYS, PASSCODE_SLOTS_PER_EVENT } = getConfig();
    const context = {
      client: { address: clientAddress(req) },
      now: new Date(),
      graceDays: REDEEM_GRACE_DAYS,
      passcodeSlotsPerEvent: PASSCODE_SLOTS_PER_EVENT,
    };
    return Response.json(await redeemCode(db, body, context), { headers: { "Cache-Control": "no-store" } });
  }),
});
