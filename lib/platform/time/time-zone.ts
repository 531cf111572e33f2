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

/** Whether the runtime knows `value` as a time zone ("Europe/Berlin", "UTC"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats instants as ISO 8601 local times of the zone with their offset, e.g.
 * `2027-05-01T10:00:00+02:00`: what a spreadsheet shows as the race's own clock, still exact.
 * One formatter per zone, for the many dates of an export.
 */
export function isoInTimeZone(timeZone: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "longOffset",
  });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    const offset = parts.timeZoneName!.replace("GMT", "") || "+00:00";
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
  };
}
