import { and, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { events, starters, type Event } from "@/db/schema";
import { visibleEvents, type Principal } from "@/lib/domain/access";
import { accentColorSchema, descriptionSchema } from "@/lib/domain/events/branding";
import { slugSchema } from "@/lib/domain/events/schemas";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";
import { friendlyErrors, type FormSpec } from "./forms";
import { fromDateTimeLocal } from "./time";

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

/** The events the principal sees, newest first, with their key counts in one grouped query. */
export async function listEventsWithCounts(db: Queryable, principal: Principal): Promise<EventWithCounts[]> {
  const own = await db.select().from(events).where(visibleEvents(principal)).orderBy(desc(events.createdAt));
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
