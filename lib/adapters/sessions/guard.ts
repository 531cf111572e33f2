import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/platform/time/time-zone";
import { sessionCookieName } from "./cookie";
import { sessionFacts, type RequestSession } from "./request";
import { findSession } from "./sessions";
import { safeReturnPath } from "./signin";

/**
 * The session guard of every dashboard page, server action and route handler. Pages and actions
 * use `requireSession` (redirects to sign-in); route handlers use `sessionFromRequest`, which reads
 * the Cookie header of the request they are given (lib/adapters/sessions/request.ts).
 */
export interface DashboardSession extends RequestSession {
  sessionId: string;
}

/** Once per render: layout and page share the lookup. */
export const currentSession = cache(async (): Promise<DashboardSession | undefined> => {
  const store = await cookies();
  const sessionId = store.get(sessionCookieName(getConfig()))?.value;
  const found = sessionId ? await findSession(await getDb(), sessionId) : undefined;
  if (!found || !sessionId) return undefined;
  return {
    ...sessionFacts(found),
    sessionId,
    timeZone: validTimeZone(store.get(TIME_ZONE_COOKIE)?.value),
  };
});

export async function requireSession(returnTo = "/dashboard"): Promise<DashboardSession> {
  const session = await currentSession();
  if (!session) redirect(`/signin?next=${encodeURIComponent(safeReturnPath(returnTo))}`);
  return session;
}
