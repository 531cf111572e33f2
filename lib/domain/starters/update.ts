import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, starters, type Starter } from "@/db/schema";
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
  return db.transaction(async (tx) => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, starter.eventId)).for("update");
    await refuseTaken(tx, starter.eventId, starter.id, patch);
    const [row] = await tx
      .update(starters)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(starters.id, starter.id), eq(starters.eventId, starter.eventId)))
      .returning(starterColumns);
    return row!;
  });
}
