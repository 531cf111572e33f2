import type { Event } from "@/db/schema";

/** Where an event stands for its participants (the landing page's `data-event-state`). */
export type EventState = "upcoming" | "live" | "ended";

const DAY_MS = 86_400_000;

/** The last moment an event's keys and passcode connect a phone: `graceDays` after its end; no end, no limit. */
export const redeemableUntil = (event: Pick<Event, "endsAt">, graceDays: number): Date | undefined =>
  event.endsAt ? new Date(event.endsAt.getTime() + graceDays * DAY_MS) : undefined;

/**
 * `ended` once past the redeem grace period (REDEEM_GRACE_DAYS after its end: redeeming is gone),
 * `upcoming` before its start, `live` otherwise, the grace period included: keys still connect then.
 */
export function eventState(event: Pick<Event, "startsAt" | "endsAt">, now: Date, graceDays: number): EventState {
  const until = redeemableUntil(event, graceDays);
  if (until && now.getTime() > until.getTime()) return "ended";
  if (event.startsAt && now.getTime() < event.startsAt.getTime()) return "upcoming";
  return "live";
}

/** The organiser's finer view: `eventState`, its `live` split at the end into the race and the redeem grace period. */
export type EventPhase = "upcoming" | "live" | "redeemable" | "ended";

export function eventPhase(event: Pick<Event, "startsAt" | "endsAt">, now: Date, graceDays: number): EventPhase {
  const state = eventState(event, now, graceDays);
  return state === "live" && event.endsAt && now.getTime() > event.endsAt.getTime() ? "redeemable" : state;
}
