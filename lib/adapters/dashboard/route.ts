import { getDb } from "@/db/client";
import type { Event } from "@/db/schema";
import { authorizeEvent, type EventAction } from "@/lib/domain/access";
import { DomainError, isNotFound } from "@/lib/domain/errors";
import { ApiError, apiErrorOf } from "@/lib/adapters/http/errors";
import { withRequestLog } from "@/lib/adapters/http/route";
import { logError } from "@/lib/platform/log";
import { sessionFromRequest, type RequestSession } from "@/lib/adapters/sessions/request";
import { principalOf } from "./access";
import { sentence } from "./form-state";

type EventRouteContext = { params: Promise<{ eventId: string }> };

export interface EventRequest {
  req: Request;
  session: RequestSession;
  event: Event;
}

/**
 * The session and event of a request if the signed-in organiser may do `action` on the event;
 * "signed-out" without a session. Refusals (another organiser's event: not found) are thrown.
 */
async function authorizedEventOf(
  req: Request,
  context: EventRouteContext,
  action: EventAction,
): Promise<EventRequest | "signed-out"> {
  const session = await sessionFromRequest(req);
  if (!session) return "signed-out";
  const { eventId } = await context.params;
  return { req, session, event: await authorizeEvent(await getDb(), principalOf(session), action, eventId) };
}

/**
 * A dashboard download (route handler) of one event: signed out → to the sign-in page and back;
 * not the organiser's event → 404; failures → a plain message instead of a half-written file.
 */
export function dashboardRoute(action: EventAction, handler: (request: EventRequest) => Promise<Response>) {
  return async (req: Request, context: EventRouteContext): Promise<Response> => {
    try {
      const authorized = await authorizedEventOf(req, context, action);
      if (authorized === "signed-out") {
        const back = new URL(req.url).pathname.replace(/\/[^/]+$/, "");
        return new Response(null, { status: 303, headers: { Location: `/signin?next=${encodeURIComponent(back)}` } });
      }
      return await handler(authorized);
    } catch (error) {
      if (isNotFound(error)) return new Response("This event does not exist or is not yours.", { status: 404 });
      if (error instanceof DomainError) {
        return new Response(sentence(error.message), { status: apiErrorOf(error).status });
      }
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
 * and access to the event (a refusal is answered by the wrapper: another organiser's event is 404).
 */
export function dashboardPostRoute(
  route: string,
  action: EventAction,
  handler: (request: EventRequest) => Promise<Response>,
) {
  return withRequestLog(route, async (req, context) => {
    if (!sameOrigin(req)) throw new ApiError(403, "forbidden", "this request must come from the dashboard's own pages");
    const authorized = await authorizedEventOf(req, context as EventRouteContext, action);
    if (authorized === "signed-out") throw new ApiError(401, "unauthorized", "your session has ended: sign in again");
    return handler(authorized);
  });
}
