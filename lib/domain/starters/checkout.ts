import { and, asc, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { pgErrorCode, UNIQUE_VIOLATION, type Db, type Queryable, type Tx } from "@/db/client";
import { events, starters } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import { reserveCodes } from "@/lib/domain/keys/mint";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { starterColumns } from "./list";
import type { CheckoutBody, StarterRow } from "./schemas";

/** Throws a conflict when another starter of the event holds this start number or registration id. */
export async function refuseTaken(
  tx: Tx,
  eventId: string,
  starterId: string | null,
  fields: { startNumber?: string | null; importId?: string | null },
): Promise<void> {
  for (const field of ["startNumber", "importId"] as const) {
    const value = fields[field];
    if (!value) continue;
    const [holder] = await tx
      .select({ key: starters.key })
      .from(starters)
      .where(
        and(
          eq(starters.eventId, eventId),
          eq(starters[field], value),
          starterId ? ne(starters.id, starterId) : undefined,
        ),
      )
      .limit(1);
    if (holder) {
      const who = holder.key ? `key ${holder.key}` : "a participant who joined with the passcode";
      throw new DomainError("conflict", `${field} ${value} is already given to ${who}`, {
        details: [{ path: field, message: `already given to ${who}` }],
      });
    }
  }
}

/** The starter of this registration id in the event, if there is one. */
async function starterOfImportId(db: Queryable, eventId: string, importId: string): Promise<StarterRow | undefined> {
  const [found] = await db
    .select(starterColumns)
    .from(starters)
    .where(and(eq(starters.eventId, eventId), eq(starters.importId, importId)));
  return found;
}

/**
 * The write of a checkout, one short transaction: the first unused key nobody has been given
 * (`starters_free_keys_idx`, skipping keys other checkouts hold locked this moment), else a newly
 * minted one, given to the registration. Anything that must commit with the new starter (an outbox
 * row) belongs here. Without a start number no event lock is taken, so checkouts of one event run
 * side by side; a start number takes the event row lock, as merges and edits do, so that the
 * check that no other starter holds it stays true until the commit.
 */
async function giveKey(
  db: Db,
  eventId: string,
  input: CheckoutBody,
): Promise<{ starter: StarterRow; created: boolean }> {
  const result = await db.transaction(async (tx) => {
    if (input.startNumber) {
      await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
      // A retry that waited for the lock finds the first one's starter (which holds the start number).
      const existing = await starterOfImportId(tx, eventId, input.importId);
      if (existing) return { starter: existing, created: false };
      await refuseTaken(tx, eventId, null, { startNumber: input.startNumber });
    }
    const fields = {
      importId: input.importId,
      name: input.name ?? null,
      startNumber: input.startNumber ?? null,
      updatedAt: sql`now()`,
    };
    const free = tx
      .select({ id: starters.id })
      .from(starters)
      .where(
        and(
          eq(starters.eventId, eventId),
          isNotNull(starters.key),
          eq(starters.keyUsed, false),
          isNull(starters.importId),
          isNull(starters.name),
          isNull(starters.startNumber),
        ),
      )
      .orderBy(asc(starters.seq))
      .limit(1)
      .for("update", { skipLocked: true });
    const [claimed] = await tx
      .update(starters)
      .set(fields)
      // A scalar subquery runs once (IN could rescan it and claim more than one key).
      .where(and(eq(starters.eventId, eventId), sql`${starters.id} = (${free})`))
      .returning(starterColumns);
    const starter =
      claimed ??
      (
        await tx
          .insert(starters)
          .values({ eventId, key: (await reserveCodes(tx, eventId, 1))[0]!, ...fields })
          .returning(starterColumns)
      )[0]!;
    await enqueueWebhooks(tx, eventId, "starter.updated", [
      {
        eventId,
        starterId: starter.id,
        changed: ["importId", "name", "startNumber"],
        importId: starter.importId,
        startNumber: starter.startNumber,
        name: starter.name,
      },
    ]);
    return { starter, created: true };
  });
  if (result.created) wakeWebhookWorker();
  return result;
}

/**
 * Key at checkout: the starter of this registration id, created with a key if it is new. A retry
 * finds the first one's starter and answers it unchanged; a retry racing the first one is decided
 * by the unique index on (event, importId): the loser's transaction fails on it, and it answers the
 * winner's starter.
 */
export async function checkoutStarter(
  db: Db,
  eventId: string,
  input: CheckoutBody,
): Promise<{ starter: StarterRow; created: boolean }> {
  const existing = await starterOfImportId(db, eventId, input.importId);
  if (existing) return { starter: existing, created: false };
  try {
    return await giveKey(db, eventId, input);
  } catch (error) {
    if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
    const winner = await starterOfImportId(db, eventId, input.importId);
    if (!winner) throw error;
    return { starter: winner, created: false };
  }
}
