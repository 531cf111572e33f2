import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, starters, type Starter } from "@/db/schema";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { refuseTaken } from "./checkout";
import { starterColumns } from "./list";
import type { StarterRow, StarterUpdate } from "./schemas";

/**
 * Changes a starter's name, start number or registration id. Under the event row lock (as merges
 * and checkouts take it), so the check that no other starter holds the start number or id stays
 * true until the write.
 */
export async function updateStarter(
  db: Db,
  starter: Pick<Starter, "id" | "eventId">,
  patch: StarterUpdate,
): Promise<StarterRow> {
  const updated = await db.transaction(async (tx) => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, starter.eventId)).for("update");
    await refuseTaken(tx, starter.eventId, starter.id, patch);
    const [row] = await tx
      .update(starters)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(starters.id, starter.id), eq(starters.eventId, starter.eventId)))
      .returning(starterColumns);
    await enqueueWebhooks(tx, starter.eventId, "starter.updated", [
      { eventId: starter.eventId, starterId: starter.id, changed: Object.keys(patch), ...updatedFields(row!) },
    ]);
    return row!;
  });
  wakeWebhookWorker();
  return updated;
}

/** The fields a `starter.updated` message carries: ids and participant data, never the key. */
export const updatedFields = (row: Pick<StarterRow, "importId" | "startNumber" | "name">) => ({
  importId: row.importId,
  startNumber: row.startNumber,
  name: row.name,
});
