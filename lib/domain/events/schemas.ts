import { z } from "zod";
import type { Event } from "@/db/schema";
import { trackingAppSchema } from "@/lib/domain/apps/app";
import { eventLogoUrl } from "@/lib/domain/links";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";
import { accentColorSchema, descriptionSchema, logoOf } from "./branding";

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
    accentColor: accentColorSchema.nullable().optional(),
    description: descriptionSchema.nullable().optional(),
    /** Archived events are left out of lists; their key links, passcode and redeeming still work. */
    archived: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: "give at least one field to change" })
  .meta({ id: "UpdateEvent" });
export type UpdateEventInput = z.output<typeof updateEventSchema>;

export const listEventsQuerySchema = z.object({
  archived: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .meta({ description: "`true`: only the archived events; otherwise only the others" }),
});

export const deleteEventQuerySchema = z.object({
  confirm: z.string().meta({
    description: "The event's slug, as a confirmation: deleting removes its keys, starters and visits for good",
    example: "qrcode-test",
  }),
});

export const eventIdParamsSchema = z.object({ eventId: z.uuid({ message: "eventId is not an event id" }) });

export const eventLogoQuerySchema = z.object({
  v: z.string().optional().meta({
    description: "The logo's version, as in the event's `logo.url`: with the current one the image is cached for good",
    example: "3f2a9c1d0b7e6a54",
  }),
});

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

/** The logo as served: a versioned URL (cached for good) and the size it has there. */
const logoOutputSchema = z
  .object({
    url: z.url().meta({
      example: "https://racekeys.example/api/events/0b9e7c1e-3f5a-4c2d-9d8e-6a1b2c3d4e5f/logo?v=3f2a9c1d0b7e6a54",
    }),
    width: z.int().positive(),
    height: z.int().positive(),
  })
  .meta({ id: "EventLogo" });

export const eventOutputSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    passcode: z.string().meta({ example: "6G615L" }),
    startsAt: z.iso.datetime().nullable(),
    endsAt: z.iso.datetime().nullable(),
    accentColor: z.string().nullable().meta({ example: "#0b63ce" }),
    description: z.string().nullable(),
    logo: logoOutputSchema.nullable(),
    createdAt: z.iso.datetime(),
    archived: z.boolean().meta({ description: "Left out of the event list; its key links still work" }),
    app: trackingAppSchema
      .nullable()
      .meta({ description: "The event's own app for its key links; null: the server's default app" }),
  })
  .meta({ id: "Event" });
export type EventOutput = z.output<typeof eventOutputSchema>;

function withLogoUrl(event: Event, publicUrl: string): EventOutput["logo"] {
  const logo = logoOf(event);
  return logo && { url: eventLogoUrl(publicUrl, event.id, logo.version), width: logo.width, height: logo.height };
}

/** The event as its organiser sees it; the logo's URL is under `publicUrl`. */
export const toEventOutput = (event: Event, publicUrl: string): EventOutput => ({
  ...toPublicEvent(event),
  passcode: event.passcode,
  accentColor: event.accentColor,
  description: event.description,
  logo: withLogoUrl(event, publicUrl),
  createdAt: event.createdAt.toISOString(),
  archived: event.archivedAt !== null,
  app: event.app,
});
