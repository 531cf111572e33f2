import { z } from "zod";
import type { Event } from "@/db/schema";
import { trackingAppSchema } from "@/lib/domain/apps/app";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(SLUG, "a slug is lower-case letters and digits separated by single hyphens")
  .meta({ example: "qrcode-test" });

// PostgreSQL text cannot hold NUL, nor timestamptz the year 0: both are refused here, not with a 500.
const nameSchema = z
  .string()
  .trim()
  .min(1, "name is required")
  .max(200)
  .refine((value) => !hasControlCharacters(value), "name must not contain control characters")
  .meta({ example: "Easy QR Code Run" });
const timeSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 1, "dates before the year 1 are not supported")
  .nullable();

const datesInOrder = (value: { startsAt?: Date | null; endsAt?: Date | null }) =>
  !value.startsAt || !value.endsAt || value.endsAt >= value.startsAt;
const datesMessage = { message: "endsAt must not be before startsAt", path: ["endsAt"] };

export const createEventSchema = z
  .strictObject({
    name: nameSchema,
    slug: slugSchema.optional(),
    startsAt: timeSchema.optional(),
    endsAt: timeSchema.optional(),
  })
  .refine(datesInOrder, datesMessage)
  .meta({ id: "CreateEvent" });
export type CreateEventInput = z.output<typeof createEventSchema>;

export const updateEventSchema = z
  .strictObject({
    name: nameSchema.optional(),
    slug: slugSchema.optional(),
    startsAt: timeSchema.optional(),
    endsAt: timeSchema.optional(),
    /** The event's own app (replaced as a whole); null: back to the configuration's. */
    app: trackingAppSchema.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: "give at least one field to change" })
  .meta({ id: "UpdateEvent" });
export type UpdateEventInput = z.output<typeof updateEventSchema>;

export const eventIdParamsSchema = z.object({ eventId: z.uuid({ message: "eventId is not an event id" }) });

/** What a key holder may see of an event: never its passcode or owner. */
export const publicEventSchema = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ example: "Easy QR Code Run" }),
    slug: z.string().meta({ example: "qrcode-test" }),
    startsAt: z.iso.datetime().nullable().meta({ example: "2026-05-10T08:00:00.000Z" }),
    endsAt: z.iso.datetime().nullable().meta({ example: "2026-05-10T14:00:00.000Z" }),
  })
  .meta({ id: "PublicEvent" });
export type PublicEvent = z.output<typeof publicEventSchema>;

export const toPublicEvent = (event: Pick<Event, "id" | "name" | "slug" | "startsAt" | "endsAt">): PublicEvent => ({
  id: event.id,
  name: event.name,
  slug: event.slug,
  startsAt: event.startsAt?.toISOString() ?? null,
  endsAt: event.endsAt?.toISOString() ?? null,
});

export const eventOutputSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    passcode: z.string().meta({ example: "6G615L" }),
    startsAt: z.iso.datetime().nullable(),
    endsAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    app: trackingAppSchema
      .nullable()
      .meta({ description: "The event's own app for its key links; null: the server's default app" }),
  })
  .meta({ id: "Event" });
export type EventOutput = z.output<typeof eventOutputSchema>;

export const toEventOutput = (event: Event): EventOutput => ({
  ...toPublicEvent(event),
  passcode: event.passcode,
  createdAt: event.createdAt.toISOString(),
  app: event.app,
});
