import * as operations from "@/lib/api/operations";
import { handleStateless, routeMethods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.health, async () =>
    Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
  ),
});
