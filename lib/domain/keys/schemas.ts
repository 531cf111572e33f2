import { z } from "zod";
import type { Starter } from "@/db/schema";
import { labelLayoutSchema, MAX_PRINTER_OFFSET_MM } from "@/lib/domain/labels/layouts";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";

export const MAX_MINT_COUNT = 100_000;

export const mintQuerySchema = z.object({
  count: z
    .string({ message: `count must be an integer from 1 to ${MAX_MINT_COUNT}` })
    .regex(/^\s*\d{1,6}\s*$/, `count must be an integer from 1 to ${MAX_MINT_COUNT}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `count must be an integer from 1 to ${MAX_MINT_COUNT}`).max(MAX_MINT_COUNT, `count must be an integer from 1 to ${MAX_MINT_COUNT}`))
    .meta({ description: `How many keys to mint, 1 to ${MAX_MINT_COUNT}`, example: "10" }),
});

/** A printer offset in millimetres from a query string, e.g. "-1.5". */
const offsetMm = (axis: string) =>
  z
    .string()
    .regex(/^-?\d{1,2}(\.\d{1,2})?$/, `offset${axis} must be a number of millimetres`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(-MAX_PRINTER_OFFSET_MM, `offset${axis} must be between -${MAX_PRINTER_OFFSET_MM} and ${MAX_PRINTER_OFFSET_MM} mm`)
        .max(MAX_PRINTER_OFFSET_MM, `offset${axis} must be between -${MAX_PRINTER_OFFSET_MM} and ${MAX_PRINTER_OFFSET_MM} mm`),
    )
    .optional()
    .meta({ description: `PDF only: shift every label by this many millimetres (${axis === "X" ? "positive: right" : "positive: down"})`, example: "1.5" });

export const mintHeadersSchema = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces")
    .optional()
    .meta({
      description:
        "Makes a retried request return the first answer instead of minting again (per organiser); the same key with other parameters is a 422",
      example: "order-4711",
    }),
});

export const listQuerySchema = z.object({
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
  delimiter: z.enum(["comma", "semicolon"], { message: "delimiter must be comma or semicolon" }).default("comma"),
  used: z
    .enum(["true", "false"], { message: "used must be true or false" })
    .transform((v) => v === "true")
    .optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** The starter_keys API: the exports, plus printable QR labels with format=pdf. */
export const starterKeysQuerySchema = listQuerySchema.extend({
  format: z.enum(["json", "csv", "pdf"], { message: "format must be json, csv or pdf" }).default("json"),
  layout: labelLayoutSchema.default("avery-l7160"),
  offsetX: offsetMm("X"),
  offsetY: offsetMm("Y"),
});
export type StarterKeysQuery = z.output<typeof starterKeysQuerySchema>;

export const starterKeySchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    key: z.string().meta({ example: "K84N2S" }),
    keyUsed: z.boolean(),
    startNumber: z.string().nullable().meta({ example: "02" }),
    name: z.string().nullable().meta({ example: "Peter" }),
    createdAt: z.iso.datetime(),
    redeemedAt: z.iso.datetime().nullable(),
    link: z.url().meta({ example: "https://racekeys.example/redeem_key?key=K84N2S" }),
    qrCodeUrl: z.url(),
  })
  .meta({ id: "StarterKey" });
export type StarterKey = z.output<typeof starterKeySchema>;

export const starterKeyListSchema = z.array(starterKeySchema).meta({ id: "StarterKeyList" });

/** The columns a starter key is shown with; `starter` rows without a key are not starter keys. */
export type StarterKeyRow = Pick<
  Starter,
  "id" | "eventId" | "key" | "keyUsed" | "startNumber" | "name" | "createdAt" | "redeemedAt"
>;

/** API output of a starter key: only these fields leave the server. */
export function toStarterKey(row: StarterKeyRow, publicUrl: string): StarterKey {
  const key = row.key ?? "";
  // The plain key link: on redeeming, the app gets the organiser's name and start number anyway.
  return {
    id: row.id,
    eventId: row.eventId,
    key,
    keyUsed: row.keyUsed,
    startNumber: row.startNumber,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    redeemedAt: row.redeemedAt?.toISOString() ?? null,
    link: keyLink(publicUrl, key),
    qrCodeUrl: qrCodeUrl(publicUrl, key),
  };
}
