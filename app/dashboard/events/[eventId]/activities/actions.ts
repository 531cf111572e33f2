"use server";

import { z } from "zod";
import { action } from "@/lib/adapters/dashboard/action";
import { deleteActivity } from "@/lib/domain/activities/activities";

/** Deletes one uploaded activity of the event (as DELETE /api/events/:eventId/activities/:activityId does). */
export const deleteActivityAction = action(
  {
    access: "activities:delete",
    page: "/dashboard/events/{eventId}/activities",
    schema: z.object({ activityId: z.uuid({ message: "This activity does not exist." }) }),
  },
  async ({ db, event, input }) => {
    const deleted = await deleteActivity(db, { eventId: event.id, activityId: input.activityId });
    return deleted
      ? { status: "ok", message: "Activity deleted." }
      : { status: "error", message: "This activity was deleted already." };
  },
);
