/**
 * Dates on the dashboard are shown and entered in the organiser's time zone, which the sign-in
 * form reads from the browser and keeps in a cookie: the server renders every date itself, with no
 * flash of UTC and no client-side formatting.
 */
export const TIME_ZONE_COOKIE = "racekeys_tz";

/** The IANA zone if the runtime knows it, else UTC. */
export function validTimeZone(value: string | undefined | null): string {
  if (!value || value.length > 64) return "UTC";
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}
