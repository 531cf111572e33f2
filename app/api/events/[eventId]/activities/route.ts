import * as operations from "@/lib/adapters/api/operations";
import { withoutOutline } from "@/lib/adapters/api/activities";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { activityPage } from "@/lib/domain/activities/activities";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listActivities, async ({ db, principal, params, query }) => {
    await authorizeEvent(db, principal, "activities:read", params.eventId);
    const page = await activityPage(db, params.eventId, query);
    return Response.json({ ...page, activities: page.activities.map(withoutOutline) });
  }),
});
