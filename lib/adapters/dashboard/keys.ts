import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { events, starters } from "@/db/schema";
import { ApiError, notFound } from "@/lib/adapters/http/errors";
import { MAX_MINT_COUNT } from "@/lib/domain/keys/schemas";
import { isUuid } from "./access";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";
import { keyRowColumns, type KeyRow } from "./keys-table";

export interface KeyDetails extends KeyRow {
  eventId: string;
  /** Bound to a phone right now (a released key is used but unbound until redeemed again). */
  bound: boolean;
}

const detailColumns = { ...keyRowColumns, bound: sql<boolean>`${starters.deviceId} is not null` };

/** Only a key of one of the organiser's events; anything else is "not found". */
const ownKey = (organiserId: string, eventId: string, starterId: string) =>
  and(
    eq(starters.id, starterId),
    eq(starters.eventId, eventId),
    isNotNull(starters.key),
    sql`exists (select 1 from ${events} where ${events.id} = ${starters.eventId} and ${events.organiserId} = ${organiserId})`,
  );

export async function getOwnKey(db: Queryable, organiserId: string, eventId: string, starterId: string): Promise<KeyDetails> {
  if (!isUuid(eventId) || !isUuid(starterId)) throw notFound("key");
  const [row] = await db.select(detailColumns).from(starters).where(ownKey(organiserId, eventId, starterId));
  if (!row) throw notFound("key");
  return row;
}

const optionalText = (max: number) =>
  z.string().trim().max(max).refine(...withoutControlCharacters).transform((value) => value || null);

export const KEY_DETAILS_FIELDS = ["name", "startNumber"] as const;

export const keyDetailsSchema = z.object({
  name: optionalText(200),
  startNumber: optionalText(50),
});
export type KeyDetailsInput = z.output<typeof keyDetailsSchema>;

/**
 * Sets a key's participant name and start number (empty clears them). A start number belongs to
 * one key of an event, as in the participant merge: a second key with it is refused.
 */
export async function updateKeyDetails(
  db: Queryable,
  organiserId: string,
  eventId: string,
  starterId: string,
  input: KeyDetailsInput,
): Promise<KeyDetails> {
  const current = await getOwnKey(db, organiserId, eventId, starterId);
  if (input.startNumber) {
    const [clash] = await db
      .select({ key: starters.key })
      .from(starters)
      .where(and(eq(starters.eventId, eventId), eq(starters.startNumber, input.startNumber), ne(starters.id, starterId)))
      .limit(1);
    if (clash) {
      const holder = clash.key ? `key ${clash.key}` : "a participant who joined with the passcode";
      throw new ApiError(409, "conflict", `start number ${input.startNumber} is already given to ${holder}`, [
        { path: "startNumber", message: `already given to ${holder}` },
      ]);
    }
  }
  await db
    .update(starters)
    .set({ name: input.name, startNumber: input.startNumber, updatedAt: sql`now()` })
    .where(ownKey(organiserId, eventId, starterId));
  return { ...current, name: input.name, startNumber: input.startNumber };
}

const countMessage = `Enter a whole number from 1 to ${MAX_MINT_COUNT.toLocaleString("en-GB")}.`;

export const MINT_FORM_FIELDS = ["count", "idempotencyKey"] as const;

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
