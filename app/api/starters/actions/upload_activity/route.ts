import * as operations from "@/lib/adapters/api/operations";
import { activityFileOf, receiveActivity } from "@/lib/adapters/api/activities";
import { getConfig } from "@/lib/platform/config";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { clientAddress } from "@/lib/platform/ratelimit/client-address";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.uploadActivity, async ({ req, db, query, upload }) => {
    const context = {
      client: { address: clientAddress(req) },
      now: new Date(),
      graceDays: getConfig().REDEEM_GRACE_DAYS,
    };
    const { activity, created } = await receiveActivity(db, query.key, await activityFileOf(req, upload!), context);
    return Response.json(activity, { status: created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
  }),
});
