import * as operations from "@/lib/adapters/api/operations";
import { trackResponse } from "@/lib/adapters/api/activities";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { activityWithTrack, deleteActivity } from "@/lib/domain/activities/activities";
import { notFound } from "@/lib/domain/errors";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getActivity, async ({ db, principal, params, query }) => {
    await authorizeEvent(db, principal, "activities:read", params.eventId);
    return trackResponse(query.format, await activityWithTrack(db, params.eventId, params.activityId));
  }),
  DELETE: handle(operations.deleteActivity, async ({ db, principal, params }) => {
    await authorizeEvent(db, principal, "activities:delete", params.eventId);
    if (!(await deleteActivity(db, params))) throw notFound("activity");
    return new Response(null, { status: 204 });
  }),
});
