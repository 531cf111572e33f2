import { getDb } from "@/db/client";
import type { Role } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/platform/time/time-zone";
import { cookieValue, sessionCookieName } from "./cookie";
import { findSession, type SignedInOrganiser } from "./sessions";

export interface RequestSession {
  organiserId: string;
  email: string;
  /** The organisation the dashboard acts in, the member's role and event list there. */
  organisationId: string;
  organisationName: string;
  role: Role;
  eventIds: readonly string[] | null;
  /** The organiser's IANA time zone for showing and entering dates. */
  timeZone: string;
}

/** For route handlers: the session of the request's Cookie header, or undefined. */
export async function sessionFromRequest(req: Request): Promise<RequestSession | undefined> {
  const header = req.headers.get("cookie");
  const found = await findSession(await getDb(), cookieValue(header, sessionCookieName(getConfig())));
  if (!found) return undefined;
  return {
    ...sessionFacts(found),
    timeZone: validTimeZone(cookieValue(header, TIME_ZONE_COOKIE)),
  };
}

/** What a request's session carries of its row. */
export const sessionFacts = (found: SignedInOrganiser) => ({
  organiserId: found.organiserId,
  email: found.email,
  organisationId: found.organisationId,
  organisationName: found.organisationName,
  role: found.role,
  eventIds: found.eventIds,
});
