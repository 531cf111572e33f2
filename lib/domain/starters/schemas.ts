import { z } from "zod";
import type { Starter } from "@/db/schema";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";
import { MAX_IMPORT_ID_LENGTH, MAX_NAME_LENGTH, MAX_START_NUMBER_LENGTH } from "@/lib/domain/participants/match";
import { MAX_PARTICIPANT_ROWS } from "@/lib/domain/participants/csv";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

/** A starter as the participants API shows it (RACEMAP's vocabulary); internal columns never leave. */
export const starterSchema = z
  .object({
    id: z.uuid(),
    importId: z.string().nullable().meta({ example: "reg-4711" }),
    key: z
      .string()
      .nullable()
      .meta({ example: "K84N2S", description: "Null for a phone that joined with the passcode" }),
    keyUsed: z.boolean(),
    startNumber: z.string().nullable().meta({ example: "02" }),
    name: z.string().nullable().meta({ example: "Peter" }),
    link: z.url().nullable().meta({ example: "https://racekeys.example/redeem_key?key=K84N2S" }),
    qrCodeUrl: z.url().nullable(),
    redeemedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Starter" });
export type StarterOutput = z.output<typeof starterSchema>;

export type StarterRow = Pick<
  Starter,
  "id" | "importId" | "key" | "keyUsed" | "startNumber" | "name" | "redeemedAt" | "updatedAt"
>;

export function toStarter(row: StarterRow, publicUrl: string): StarterOutput {
  return {
    id: row.id,
    importId: row.importId,
    key: row.key,
    keyUsed: row.keyUsed,
    startNumber: row.startNumber,
    name: row.name,
    link: row.key ? keyLink(publicUrl, row.key) : null,
    qrCodeUrl: row.key ? qrCodeUrl(publicUrl, row.key) : null,
    redeemedAt: row.redeemedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A list filter: PostgreSQL text cannot hold NUL, so control characters are a 400, not a failed query. */
const filterText = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => !hasControlCharacters(value), `${field} must not contain control characters`);

export const MAX_STARTERS_PAGE = 1000;
const limitMessage = `limit must be an integer from 1 to ${MAX_STARTERS_PAGE}`;

export const starterListQuerySchema = z.object({
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
  cursor: z
    .uuid({ message: "cursor is not a cursor of this list" })
    .optional()
    .meta({ description: "JSON only: nextCursor of the previous page" }),
  limit: z
    .string({ message: limitMessage })
    .regex(/^\d{1,4}$/, limitMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, limitMessage).max(MAX_STARTERS_PAGE, limitMessage))
    .default(100)
    .meta({ description: "JSON only: starters per page", example: "100" }),
  importId: filterText("importId", MAX_IMPORT_ID_LENGTH).optional().meta({ example: "reg-4711" }),
  startNumber: filterText("startNumber", MAX_START_NUMBER_LENGTH).optional().meta({ example: "02" }),
  keyUsed: z
    .enum(["true", "false"], { message: "keyUsed must be true or false" })
    .transform((v) => v === "true")
    .optional(),
  updatedSince: z.iso
    .datetime({ offset: true, message: "updatedSince must be an ISO 8601 date and time, e.g. 2027-05-01T08:00:00Z" })
    .transform((value) => new Date(value))
    .refine((date) => date.getUTCFullYear() >= 1, "dates before the year 1 are not supported")
    .optional()
    .meta({ description: "Only starters changed at or after this time", example: "2027-05-01T08:00:00Z" }),
});
export type StarterListQuery = z.output<typeof starterListQuerySchema>;

export const starterPageSchema = z
  .object({
    starters: z.array(starterSchema),
    nextCursor: z.uuid().nullable().meta({ description: "Pass as cursor for the next page; null on the last page" }),
  })
  .meta({ id: "StarterPage" });

/** A participant text field as clients send it: trimmed, bounded, no control characters. */
const text = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => !hasControlCharacters(value), `${field} must not contain control characters`);

export const checkoutBodySchema = z
  .strictObject({
    importId: text("importId", MAX_IMPORT_ID_LENGTH).meta({
      description: "The registration platform's own id of the buyer: the same id again answers the same starter",
      example: "order-4711-1",
    }),
    name: text("name", MAX_NAME_LENGTH).optional().meta({ example: "Peter" }),
    startNumber: text("startNumber", MAX_START_NUMBER_LENGTH).optional().meta({ example: "02" }),
  })
  .meta({ id: "Checkout" });
export type CheckoutBody = z.output<typeof checkoutBodySchema>;

export const updateStarterSchema = z
  .strictObject({
    importId: text("importId", MAX_IMPORT_ID_LENGTH).nullable().optional().meta({ example: "reg-4711" }),
    name: text("name", MAX_NAME_LENGTH).nullable().optional().meta({ example: "Peter" }),
    startNumber: text("startNumber", MAX_START_NUMBER_LENGTH).nullable().optional().meta({ example: "02" }),
  })
  .refine((body) => Object.keys(body).length > 0, "give at least one of name, startNumber, importId")
  .meta({ id: "StarterUpdate", description: "The fields to change; null clears one" });
export type StarterUpdate = z.output<typeof updateStarterSchema>;

/** A JSON array of 100,000 rows with long names and ids, or the same as CSV. */
export const MAX_UPSERT_BYTES = 32 * 1024 ** 2;

/** One row of a bulk upsert as JSON; value rules (lengths, duplicates, conflicts) are the matcher's. */
const cell = z.string().nullable().optional();
export const starterUpsertRowsSchema = z
  .array(
    z.strictObject({
      importId: cell.meta({ example: "reg-4711" }),
      key: cell.meta({ example: "K84N2S" }),
      starterId: cell,
      startNumber: cell.meta({ example: "02" }),
      name: z.string().meta({ example: "Peter", description: "Every participant has a name" }),
    }),
  )
  .min(1, "send at least one row")
  .max(MAX_PARTICIPANT_ROWS, `at most ${MAX_PARTICIPANT_ROWS} rows`)
  .meta({ id: "StarterUpsertRows" });

export const upsertQuerySchema = z.object({
  dryRun: z
    .enum(["true", "false"], { message: "dryRun must be true or false" })
    .transform((v) => v === "true")
    .default(false)
    .meta({ description: "Answer the preview without writing anything", example: "true" }),
});

const matchedRowSchema = z.object({
  line: z.int().min(0).meta({ description: "JSON: the row's index in the array; CSV: the line the row starts on" }),
  starterId: z.uuid(),
  key: z.string(),
  importId: z.string().nullable(),
  startNumber: z.string().nullable(),
  name: z.string().nullable(),
});

export const upsertResultSchema = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean().meta({ description: "True when the changes were written (never on a dry run)" }),
    counts: z.object({
      created: z.int().min(0),
      updated: z.int().min(0),
      unchanged: z.int().min(0),
      missing: z.int().min(0).meta({ description: "Starters with data that no row names: kept, never deleted" }),
    }),
    created: z.array(matchedRowSchema),
    updated: z.array(
      matchedRowSchema.extend({
        changes: z.array(
          z.object({
            field: z.enum(["importId", "startNumber", "name"]),
            from: z.string().nullable(),
            to: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "StarterUpsertResult" });
export type UpsertResult = z.output<typeof upsertResultSchema>;
