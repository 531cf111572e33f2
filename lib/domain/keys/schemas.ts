import { z } from "zod";
import type { Starter } from "@/db/schema";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";

export const MAX_MINT_COUNT = 100_000;

export const mintQuerySchema = z.object({
  count: z
    .string({ message: `count must be an integer from 1 to ${MAX_MINT_COUNT}` })
    .regex(/^\s*\d{1,6}\s*$/, `count must be an integer from 1 to ${MAX_MINT_COUNT}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `count must be an integer from 1 to ${MAX_MINT_COUNT}`)
        .max(MAX_MINT_COUNT, `count must be an integer from 1 to ${MAX_MINT_COUNT}`),
    )
    .meta({ description: `How many keys to mint, 1 to ${MAX_MINT_COUNT}`, example: "10" }),
});

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
