import * as operations from "@/lib/adapters/api/operations";
import { handleStateless, routeMethods } from "@/lib/adapters/http/route";
import { checkReadiness } from "@/lib/platform/server/health";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.ready, async () => {
    const readiness = await checkReadiness();
    const headers = { "Cache-Control": "no-store" };
    return readiness.ready
      ? Response.json({ status: "ok" }, { headers })
      : Response.json(
          { status: "unavailable", reason: readiness.reason },
          { status: 503, headers: { ...headers, "Retry-After": "5" } },
        );
  }),
});
