import { and, asc, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
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

/**
 * Key at checkout: the starter of this registration id, created with a key if it is new. The
 * event row is locked first (as participant merges do), so checkouts of one event run one after
 * the other: a retry, however concurrent, finds the first one's starter and answers it unchanged.
 * The key is an unused minted key nobody has been given yet (the first in minting order), else a
 * newly minted one; the unique index on (event, importId) is the backstop.
 */
export async function checkoutStarter(
  db: Db,
  eventId: string,
  input: CheckoutBody,
): Promise<{ starter: StarterRow; created: boolean }> {
  const result = await db.transaction(async (tx) => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
    const [existing] = await tx
      .select(starterColumns)
      .from(starters)
      .where(and(eq(starters.eventId, eventId), eq(starters.importId, input.importId)));
    if (existing) return { starter: existing, created: false };
    await refuseTaken(tx, eventId, null, { startNumber: input.startNumber });

    const fields = {
      importId: input.importId,
      name: input.name ?? null,
      startNumber: input.startNumber ?? null,
      updatedAt: sql`now()`,
    };
    const [free] = await tx
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
    const [starter] = free
      ? await tx.update(starters).set(fields).where(eq(starters.id, free.id)).returning(starterColumns)
      : await tx
          .insert(starters)
          .values({ eventId, key: (await reserveCodes(tx, eventId, 1))[0]!, ...fields })
          .returning(starterColumns);
    await enqueueWebhooks(tx, eventId, "starter.updated", [
      {
        eventId,
        starterId: starter!.id,
        changed: ["importId", "name", "startNumber"],
        importId: starter!.importId,
        startNumber: starter!.startNumber,
        name: starter!.name,
      },
    ]);
    return { starter: starter!, created: true };
  });
  if (result.created) wakeWebhookWorker();
  return result;
}
