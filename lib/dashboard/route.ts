import { getDb } from "@/db/client";
import type { Event } from "@/db/schema";
import { logError } from "@/lib/log";
import { sessionFromRequest, type RequestSession } from "@/lib/sessions/request";
import { findOwnEvent } from "./access";

type EventRouteContext = { params: Promise<{ eventId: string }> };

export interface EventRequest {
  req: Request;
  session: RequestSession;
  event: Event;
}

/**
 * A dashboard download (route handler) of one event: signed out → to the sign-in page and back;
 * not the organiser's event → 404; failures → a plain message instead of a half-written file.
 */
export function dashboardRoute(handler: (request: EventRequest) => Promise<Response>) {
  return async (req: Request, context: EventRouteContext): Promise<Response> => {
    try {
      const session = await sessionFromRequest(req);
      const url = new URL(req.url);
      if (!session) {
        const back = url.pathname.replace(/\/[^/]+$/, "");
        return new Response(null, { status: 303, headers: { Location: `/signin?next=${encodeURIComponent(back)}` } });
      }
      const { eventId } = await context.params;
      const event = await findOwnEvent(await getDb(), session.organiserId, eventId);
      if (!event) return new Response("This event does not exist or is not yours.", { status: 404 });
      return await handler({ req, session, event });
    } catch (error) {
      logError(error, { route: new URL(req.url).pathname });
      return new Response("Something went wrong on our side. Please try again.", { status: 500 });
    }
  };
}
