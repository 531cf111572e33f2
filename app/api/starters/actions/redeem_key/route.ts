import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { handle, routeMethods } from "@/lib/http/route";
import { clientAddress } from "@/lib/ratelimit/client-address";
import { redeemCode } from "@/lib/redeem/redeem";

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
