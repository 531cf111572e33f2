import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/platform/time/time-zone";
import { cookieValue, sessionCookieName } from "./cookie";
import { findSession } from "./sessions";

export interface RequestSession {
  organiserId: string;
  email: string;
  /** The organiser's IANA time zone for showing and entering dates. */
  timeZone: string;
}

/** For route handlers: the session of the request's Cookie header, or undefined. */
export async function sessionFromRequest(req: Request): Promise<RequestSession | undefined> {
  const header = req.headers.get("cookie");
  const found = await findSession(await getDb(), cookieValue(header, sessionCookieName(getConfig())));
  if (!found) return undefined;
  return {
    organiserId: found.organiserId,
    email: found.email,
    timeZone: validTimeZone(cookieValue(header, TIME_ZONE_COOKIE)),
  };
}
