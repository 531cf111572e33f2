import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { starters, type Event } from "@/db/schema";
import type { Principal } from "@/lib/domain/access";
import { accentColorSchema, descriptionSchema } from "@/lib/domain/events/branding";
import { listEvents } from "@/lib/domain/events/events";
import { slugSchema } from "@/lib/domain/events/schemas";
import { eventPhase, redeemableUntil, type EventPhase } from "@/lib/domain/events/state";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";
import { friendlyErrors, type FormSpec } from "./forms";
import { formatDateTime, fromDateTimeLocal } from "./time";

export interface KeyCounts {
  /** Personal keys minted for the event. */
  minted: number;
  /** Of those, redeemed by a phone. */
  used: number;
}

export interface EventWithCounts extends KeyCounts {
  event: Event;
}

const keyCountColumns = {
  minted: count(starters.key),
  used: sql<number>`count(*) filter (where ${starters.keyUsed} and ${starters.key} is not null)`.mapWith(Number),
};

/** The events the principal sees (archived, or not), newest first, with their key counts in one grouped query. */
export async function listEventsWithCounts(
  db: Queryable,
  principal: Principal,
  options: { archived?: boolean } = {},
): Promise<EventWithCounts[]> {
  const own = await listEvents(db, principal, options);
  if (!own.length) return [];
  const counts = await db
    .select({ eventId: starters.eventId, ...keyCountColumns })
    .from(starters)
    .where(
      and(
        inArray(
          starters.eventId,
          own.map((e) => e.id),
        ),
        isNotNull(starters.key),
      ),
    )
    .groupBy(starters.eventId);
  const byEvent = new Map(counts.map((c) => [c.eventId, c]));
  return own.map((event) => ({
    event,
    minted: byEvent.get(event.id)?.minted ?? 0,
    used: byEvent.get(event.id)?.used ?? 0,
  }));
}

/** Key counts of one event; the caller has checked access (lib/domain/access). */
export async function eventKeyCounts(db: Queryable, eventId: string): Promise<KeyCounts> {
  const [row] = await db
    .select(keyCountColumns)
    .from(starters)
    .where(and(eq(starters.eventId, eventId), isNotNull(starters.key)));
  return { minted: row?.minted ?? 0, used: row?.used ?? 0 };
}

type EventDates = Pick<Event, "startsAt" | "endsAt">;
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** Where an event stands (`eventPhase`), in words for the list and the event's page. */
export function eventStatus(
  event: EventDates,
  now: Date,
  graceDays: number,
  timeZone: string,
): { phase: EventPhase; label: string } {
  const phase = eventPhase(event, now, graceDays);
  const label = {
    upcoming: "Upcoming",
    live: event.startsAt || event.endsAt ? "Live" : "Open · no dates set",
    redeemable: `Ended · keys redeemable until ${formatDateTime(redeemableUntil(event, graceDays)!, timeZone)}`,
    ended: "Ended",
  }[phase];
  return { phase, label };
}

/**
 * What saving an event that has ended means for its keys, or nothing: past the redeem grace period
 * (REDEEM_GRACE_DAYS) its keys and passcode no longer connect a phone.
 */
export function pastDatesWarning(event: EventDates, now: Date, graceDays: number, timeZone: string) {
  const phase = eventPhase(event, now, graceDays);
  if (phase === "ended") return `Keys of an event that ended over ${days(graceDays)} ago cannot be redeemed.`;
  if (phase === "redeemable") {
    const until = formatDateTime(redeemableUntil(event, graceDays)!, timeZone);
    return `This event has ended: its keys can be redeemed until ${until}, ${days(graceDays)} after its end.`;
  }
  return undefined;
}

/** A datetime-local field in the organiser's zone: empty is null, anything else must be a date. */
const localTime = (timeZone: string) =>
  z.string().transform((value, ctx) => {
    if (!value.trim()) return null;
    const date = fromDateTimeLocal(value, timeZone);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "Enter a date and time, or leave the field empty." });
      return z.NEVER;
    }
    return date;
  });

/**
 * The event form (create and edit) as the shared lib's input: name, slug (empty: derived from the
 * name when creating, unchanged when editing), start and end in the organiser's time zone.
 */
export function eventFormSchema(timeZone: string) {
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, "Give the event a name.")
        .max(200)
        .refine(...withoutControlCharacters),
      slug: z
        .string()
        .trim()
        .toLowerCase()
        .transform((value) => value || undefined)
        .pipe(slugSchema.optional()),
      startsAt: localTime(timeZone),
      endsAt: localTime(timeZone),
    })
    .refine((v) => !v.startsAt || !v.endsAt || v.endsAt >= v.startsAt, {
      message: "The end must not be before the start.",
      path: ["endsAt"],
    });
}

export type EventFormInput = z.output<ReturnType<typeof eventFormSchema>>;

/** The event form of the create and edit actions: a taken slug is shown at the slug field. */
export const eventForm = {
  schema: (session) => eventFormSchema(session.timeZone),
  messages: friendlyErrors,
  keep: "all",
  conflictField: "slug",
} satisfies FormSpec<ReturnType<typeof eventFormSchema>>;

/** The landing page's look: an empty field removes the accent colour or the description. */
export const brandingForm = {
  schema: z.object({
    accentColor: z
      .string()
      .transform((value) => value.trim() || null)
      .pipe(accentColorSchema.nullable()),
    description: descriptionSchema,
  }),
  messages: friendlyErrors,
  keep: "all",
} satisfies FormSpec<z.ZodObject>;

/** The archive button's form: `archived` is "true" to archive, "false" to bring the event back. */
export const archiveForm = {
  schema: z.object({ archived: z.enum(["true", "false"]).transform((value) => value === "true") }),
} satisfies FormSpec<z.ZodObject>;

/** The delete form: the organiser types the event's slug (checked by `deleteEvent`). */
export const deleteForm = {
  schema: z.object({ confirm: z.string() }),
  keep: "all",
} satisfies FormSpec<z.ZodObject>;
