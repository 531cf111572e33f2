import { getDb } from "@/db/client";
import type { Event } from "@/db/schema";
import { ApiError, notFound } from "@/lib/adapters/http/errors";
import { withRequestLog } from "@/lib/adapters/http/route";
import { logError } from "@/lib/platform/log";
import { sessionFromRequest, type RequestSession } from "@/lib/adapters/sessions/request";
import { findOwnEvent } from "./access";

type EventRouteContext = { params: Promise<{ eventId: string }> };

export interface EventRequest {
  req: Request;
  session: RequestSession;
  event: Event;
}

/** The signed-in organiser's event of a request: "signed-out", "not-found", or the session and event. */
async function ownEventOf(req: Request, context: EventRouteContext): Promise<EventRequest | "signed-out" | "not-found"> {
  const session = await sessionFromRequest(req);
  if (!session) return "signed-out";
  const { eventId } = await context.params;
  const event = await findOwnEvent(await getDb(), session.organiserId, eventId);
  return event ? { req, session, event } : "not-found";
}

/**
 * A dashboard download (route handler) of one event: signed out → to the sign-in page and back;
 * not the organiser's event → 404; failures → a plain message instead of a half-written file.
 */
export function dashboardRoute(handler: (request: EventRequest) => Promise<Response>) {
  return async (req: Request, context: EventRouteContext): Promise<Response> => {
    try {
      const own = await ownEventOf(req, context);
      if (own === "signed-out") {
        const back = new URL(req.url).pathname.replace(/\/[^/]+$/, "");
        return new Response(null, { status: 303, headers: { Location: `/signin?next=${encodeURIComponent(back)}` } });
      }
      if (own === "not-found") return new Response("This event does not exist or is not yours.", { status: 404 });
      return await handler(own);
    } catch (error) {
      logError(error, { route: new URL(req.url).pathname });
      return new Response("Something went wrong on our side. Please try again.", { status: 500 });
    }
  };
}

/** The origin the browser sees, as Next.js's own check of server actions reads it. */
const sameOrigin = (req: Request) => {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return Boolean(origin && host) && new URL(origin!).host === host;
  } catch {
    return false;
  }
};

/**
 * A dashboard POST of one event, answered in the API's one JSON error shape. Everything about the
 * caller is checked before the handler reads a byte of the body: the Origin (the cookie alone would
 * let another page of the same site post; server actions get this check from Next.js), the session,
 * and that the event is the organiser's.
 */
export function dashboardPostRoute(route: string, handler: (request: EventRequest) => Promise<Response>) {
  return withRequestLog(route, async (req, context) => {
    if (!sameOrigin(req)) throw new ApiError(403, "forbidden", "this request must come from the dashboard's own pages");
    const own = await ownEventOf(req, context as EventRouteContext);
    if (own === "signed-out") throw new ApiError(401, "unauthorized", "your session has ended: sign in again");
    if (own === "not-found") throw notFound("event");
    return handler(own);
  });
}
