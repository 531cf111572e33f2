import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { starters, type Starter } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import { MAX_MINT_COUNT } from "@/lib/domain/keys/schemas";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(...withoutControlCharacters)
    .transform((value) => value || null);

export const keyDetailsSchema = z.object({
  name: optionalText(200),
  startNumber: optionalText(50),
});
export type KeyDetailsInput = z.output<typeof keyDetailsSchema>;

/**
 * Sets the participant name and start number of a key the caller may write (./access.ts; empty
 * clears them). A start number belongs to one key of an event, as in the participant merge: a
 * second key with it is refused.
 */
export async function updateKeyDetails(db: Queryable, key: Starter, input: KeyDetailsInput): Promise<Starter> {
  if (input.startNumber) {
    const [clash] = await db
      .select({ key: starters.key })
      .from(starters)
      .where(
        and(eq(starters.eventId, key.eventId), eq(starters.startNumber, input.startNumber), ne(starters.id, key.id)),
      )
      .limit(1);
    if (clash) {
      const holder = clash.key ? `key ${clash.key}` : "a participant who joined with the passcode";
      throw new DomainError("conflict", `start number ${input.startNumber} is already given to ${holder}`, {
        details: [{ path: "startNumber", message: `already given to ${holder}` }],
      });
    }
  }
  await db
    .update(starters)
    .set({ name: input.name, startNumber: input.startNumber, updatedAt: sql`now()` })
    .where(eq(starters.id, key.id));
  return { ...key, name: input.name, startNumber: input.startNumber };
}

const countMessage = `Enter a whole number from 1 to ${MAX_MINT_COUNT.toLocaleString("en-GB")}.`;

/**
 * How many keys to mint, and a key the form was rendered with: a double click or a retry after a
 * lost answer replays the first mint instead of minting twice (the API's Idempotency-Key).
 */
export const mintFormSchema = z.object({
  count: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, countMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, countMessage).max(MAX_MINT_COUNT, countMessage)),
  idempotencyKey: z.uuid("The form has expired; reload the page and try again."),
});
