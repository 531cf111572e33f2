import * as operations from "@/lib/adapters/api/operations";
import { handleStateless, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.health, async () =>
    Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
  ),
});
