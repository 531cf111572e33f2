import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { participantUpload } from "@/lib/adapters/dashboard/participant-upload";
import { dashboardPostRoute } from "@/lib/adapters/dashboard/route";
import { routeMethods } from "@/lib/adapters/http/route";

const ROUTE = "/dashboard/events/{eventId}/participants/upload";

/** Checks or saves a participant list (the file is the body); see lib/adapters/dashboard/participant-upload.ts. */
export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: dashboardPostRoute(ROUTE, "participants:merge", async ({ req, event }) => {
    const state = await participantUpload(await getDb(), event, req, getConfig().PUBLIC_URL);
    if (state.status === "saved") revalidatePath(`/dashboard/events/${event.id}`, "layout");
    return Response.json(state, { headers: { "Cache-Control": "no-store" } });
  }),
});
