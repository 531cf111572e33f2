import { inspectToken } from "@/lib/api/operations";
import { handle, routeMethods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(inspectToken, async ({ organiserId }) => Response.json({ userId: organiserId })),
});
