import { inspectToken } from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(inspectToken, async ({ principal }) => Response.json({ userId: principal.organiserId })),
});
