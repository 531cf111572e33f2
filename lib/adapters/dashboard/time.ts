/*
 * Dates in the organiser's time zone (the session's, lib/platform/time/time-zone.ts): shown on
 * pages, and read from datetime-local form fields.
 */

export const formatDateTime = (date: Date, timeZone: string): string =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);

export const formatDate = (date: Date, timeZone: string): string =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(date);

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallClock(date: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute") };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in milliseconds (whole minutes). */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const wall = wallClock(date, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return asUtc - Math.floor(date.getTime() / 60_000) * 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The value of an `<input type="datetime-local">` showing `date` in the zone. */
export function toDateTimeLocal(date: Date, timeZone: string): string {
  const wall = wallClock(date, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * The instant an `<input type="datetime-local">` value means in the zone, or undefined when the
 * value is malformed. A wall time skipped by a DST change moves forward by the gap (02:30 on a
 * spring-forward night is 03:30); a repeated one takes its first occurrence.
 */
export function fromDateTimeLocal(value: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wallAsUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  // The offset before and after a DST change can differ; try both and keep the earliest that fits.
  const candidates = [
    wallAsUtc - zoneOffsetMs(new Date(wallAsUtc - 86_400_000), timeZone),
    wallAsUtc - zoneOffsetMs(new Date(wallAsUtc + 86_400_000), timeZone),
  ].sort((a, b) => a - b);
  const exact = candidates.find((t) => toDateTimeLocal(new Date(t), timeZone) === toDateTimeLocal(check, "UTC"));
  return new Date(exact ?? candidates[candidates.length - 1]!);
}
