import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, starters } from "@/db/schema";
import { ApiError, notFound } from "@/lib/adapters/http/errors";
import { starterKeyColumns } from "@/lib/domain/keys/list";
import type { StarterKeyRow } from "@/lib/domain/keys/schemas";

/**
 * Unbinds an organiser's key from its device so that a new phone can redeem it. One statement
 * clears the device and closes the open binding; the key stays used and the history stays.
 * Releasing a key that is not bound changes nothing.
 */
export async function releaseKey(db: Db, organiserId: string, starterId: string): Promise<StarterKeyRow> {
  await db.execute(sql`
    with released as (
      update starters s set device_id = null, updated_at = now()
      from events e
      where s.id = ${starterId} and e.id = s.event_id and e.organiser_id = ${organiserId}
        and s.key is not null and s.device_id is not null
      returning s.id
    )
    update key_bindings set released_at = now()
    where starter_id in (select id from released) and released_at is null`);
  const [row] = await db
    .select(starterKeyColumns)
    .from(starters)
    .innerJoin(events, eq(events.id, starters.eventId))
    .where(and(eq(starters.id, starterId), eq(events.organiserId, organiserId)));
  if (!row) throw notFound("starter");
  if (!row.key) {
    throw new ApiError(409, "conflict", "this starter joined with the event passcode; only personal keys can be released");
  }
  return row;
}
