import type { Config } from "@/lib/platform/config";

export interface SessionCookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: "lax";
  path: "/";
  expires: Date;
}

/** Secure over https, and always in production (a proxy in front may terminate TLS). */
export const sessionCookieIsSecure = (config: Pick<Config, "PUBLIC_URL" | "NODE_ENV">): boolean =>
  config.PUBLIC_URL.startsWith("https:") || config.NODE_ENV === "production";

/**
 * `__Host-` when Secure: browsers then accept the cookie only from this host, over a secure
 * connection, for path "/", so a sibling subdomain cannot plant a session of its own.
 */
export const sessionCookieName = (config: Pick<Config, "PUBLIC_URL" | "NODE_ENV">): string =>
  sessionCookieIsSecure(config) ? "__Host-racekeys_session" : "racekeys_session";

/** The known-browser cookie (lib/adapters/sessions/known-browsers.ts): same prefix and options as the session's. */
export const knownBrowserCookieName = (config: Pick<Config, "PUBLIC_URL" | "NODE_ENV">): string =>
  sessionCookieIsSecure(config) ? "__Host-racekeys_browser" : "racekeys_browser";

export const sessionCookieOptions = (
  config: Pick<Config, "PUBLIC_URL" | "NODE_ENV">,
  expiresAt: Date,
): SessionCookieOptions => ({
  httpOnly: true,
  secure: sessionCookieIsSecure(config),
  sameSite: "lax",
  path: "/",
  expires: expiresAt,
});

/** One cookie's value from a Cookie request header. */
export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
