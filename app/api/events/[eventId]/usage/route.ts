import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { usageCsv, usageReport } from "@/lib/domain/usage/usage";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getUsage, async ({ db, principal, params, query }) => {
    await authorizeEvent(db, principal, "usage:read", params.eventId);
    const usage = await usageReport(db, params.eventId, getConfig().TIME_ZONE);
    if (query.format === "json") return Response.json(usage, { headers: { "Cache-Control": "no-store" } });
    return new Response(usageCsv(usage), {
      headers: { "Content-Type": "text/csv; charset=utf-8; header=present", "Cache-Control": "no-store" },
    });
  }),
});
