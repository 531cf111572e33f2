import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { starters, type Starter } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import { starterKeyColumns } from "@/lib/domain/keys/list";
import { outboxInsert } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import type { StarterKeyRow } from "@/lib/domain/keys/schemas";

/** The `starter.key_released` message, written by the release statement when it released something. */
const releasedHook = outboxInsert(
  "starter.key_released",
  sql.raw("released"),
  sql.raw("released.event_id"),
  sql.raw(
    `jsonb_build_object('eventId', released.event_id, 'starterId', released.id, 'importId', released.import_id,
      'startNumber', released.start_number, 'name', released.name)`,
  ),
);

/**
 * Unbinds a key the caller may release (lib/domain/access) from its device so that a new phone can
 * redeem it. One statement clears the device and closes the open binding; the key stays used and
 * the history stays. Releasing a key that is not bound changes nothing.
 */
export async function releaseKey(db: Db, starter: Pick<Starter, "id" | "key">): Promise<StarterKeyRow> {
  if (!starter.key) {
    throw new DomainError(
      "conflict",
      "this starter joined with the event passcode; only personal keys can be released",
    );
  }
  await db.execute(sql`
    with released as (
      update starters set device_id = null, updated_at = now()
      where id = ${starter.id} and device_id is not null
      returning id, event_id, import_id, start_number, name
    ), hooks as (${releasedHook})
    update key_bindings set released_at = now()
    where starter_id in (select id from released) and released_at is null`);
  wakeWebhookWorker();
  const [row] = await db.select(starterKeyColumns).from(starters).where(eq(starters.id, starter.id));
  return row!;
}
