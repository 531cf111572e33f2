import { z } from "zod";
import { publicEventSchema, toPublicEvent } from "@/lib/domain/events/schemas";
import { typedKeySchema } from "@/lib/domain/keys/code";
import type { FoundCode } from "@/lib/domain/keys/find-code";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) });

export const MAX_DEVICE_ID_LENGTH = 128;
export const deviceIdSchema = requiredString("deviceId")
  .regex(
    new RegExp(`^[\\x21-\\x7e]{1,${MAX_DEVICE_ID_LENGTH}}$`),
    `deviceId must be 1 to ${MAX_DEVICE_ID_LENGTH} printable ASCII characters without spaces`,
  )
  .meta({
    description: "Opaque id of the app installation, stable across retries",
    example: "6F9619FF-8B86-D011-B42D-00CF4FC964FF",
  });

const MAX_PARTICIPANT_TEXT = 200;

/** Optional free text from the key link; trimmed, and blank counts as absent. */
const participantText = (field: string, example: string) =>
  z
    .string({ message: `${field} must be a string` })
    .max(MAX_PARTICIPANT_TEXT, `${field} has at most ${MAX_PARTICIPANT_TEXT} characters`)
    .refine((value) => !hasControlCharacters(value), `${field} must not contain control characters`)
    .nullish()
    .transform((value) => value?.trim() || undefined)
    .meta({ description: `Fills the starter's ${field} unless the organiser has set it`, example });

export const resolveKeyQuerySchema = z.object({
  key: typedKeySchema,
  deviceId: deviceIdSchema
    .optional()
    .meta({ description: "The app installation asking; failed lookups are limited per device too" }),
});

export const redeemKeyBodySchema = z
  .strictObject({
    key: typedKeySchema,
    deviceId: deviceIdSchema,
    startNumber: participantText("startNumber", "1"),
    name: participantText("name", "Peter"),
  })
  .meta({ id: "RedeemKeyRequest" });
export type RedeemKeyInput = z.output<typeof redeemKeyBodySchema>;

export const starterIdParamsSchema = z.object({ starterId: z.uuid({ message: "starterId is not a starter id" }) });

const kindSchema = z.enum(["key", "passcode"]).meta({ description: "A personal key, or the event's shared passcode" });

const startNumberSchema = z.string().nullable().meta({ example: "1" });
const nameSchema = z.string().nullable().meta({ example: "Peter" });

export const resolvedKeySchema = z
  .object({
    kind: kindSchema,
    event: publicEventSchema,
    starter: z
      .object({ id: z.uuid(), startNumber: startNumberSchema, name: nameSchema, keyUsed: z.boolean() })
      .optional()
      .meta({ description: "The starter slot of a personal key; absent for a passcode" }),
  })
  .meta({ id: "ResolvedKey" });
export type ResolvedKeyOutput = z.output<typeof resolvedKeySchema>;

export const redeemedKeySchema = z
  .object({
    kind: kindSchema,
    event: publicEventSchema,
    starter: z.object({ id: z.uuid(), startNumber: startNumberSchema, name: nameSchema }),
  })
  .meta({ id: "RedeemedKey" });
export type RedeemedKeyOutput = z.output<typeof redeemedKeySchema>;

export const toResolvedKey = (found: FoundCode): ResolvedKeyOutput => ({
  kind: found.kind,
  event: toPublicEvent(found.event),
  ...(found.starter
    ? {
        starter: {
          id: found.starter.id,
          startNumber: found.starter.startNumber,
          name: found.starter.name,
          keyUsed: found.starter.keyUsed,
        },
      }
    : {}),
});
