import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "@/db/client";
import type { WebhookEventType } from "./schemas";

/**
 * The outbox: messages are written by the statement or transaction that makes the change they
 * announce, one row per listening endpoint, so a change is never announced without having
 * happened nor happens without being announced. The worker (worker.ts) sends them later.
 *
 * Payloads follow Standard Webhooks: `{ type, timestamp, data }`; `data` carries ids and the changed
 * fields, never keys, passcodes, tokens or secrets.
 */

/** The transaction's time as an ISO string, in SQL. */
const NOW_ISO = sql`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An INSERT of one message per row of `from` and per endpoint of the event's organisation that listens to
 * `type` (and to that event): for a CTE of a larger statement, so the message is written by the
 * statement that makes the change. `eventId` and `data` are SQL over `from`'s columns.
 */
export function outboxInsert(type: WebhookEventType, from: SQL, eventId: SQL, data: SQL): SQL {
  return sql`insert into webhook_deliveries (endpoint_id, event_type, payload)
    select w.id, ${type}::text, jsonb_build_object('type', ${type}::text, 'timestamp', ${NOW_ISO}, 'data', ${data})
    from ${from}
    join events hook_event on hook_event.id = ${eventId}
    join webhook_endpoints w on w.organisation_id = hook_event.organisation_id and w.disabled_at is null
      and ${type}::text = any(w.event_types) and (w.event_ids is null or hook_event.id = any(w.event_ids))
    returning endpoint_id`;
}

/** Whether any endpoint listens to `type` for this event (skips building large payloads for nobody). */
export async function hasListeners(db: Queryable, eventId: string, type: WebhookEventType): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from events e
        join webhook_endpoints w on w.organisation_id = e.organisation_id and w.disabled_at is null
          and ${type}::text = any(w.event_types) and (w.event_ids is null or e.id = any(w.event_ids))
        where e.id = ${eventId} limit 1`,
  );
  return rows.length > 0;
}

/**
 * Writes one message per item of `data` for `type` of this event, inside the caller's transaction
 * (`db` must be it). Nothing when no endpoint listens; true when something was written (the caller
 * wakes the worker, `wakeWebhookWorker`, once its transaction committed).
 */
export async function enqueueWebhooks(
  db: Queryable,
  eventId: string,
  type: WebhookEventType,
  data: Array<Record<string, unknown>>,
): Promise<boolean> {
  if (data.length === 0 || !(await hasListeners(db, eventId, type))) return false;
  await db.execute(
    outboxInsert(
      type,
      sql`jsonb_array_elements(${JSON.stringify(data)}::jsonb) as item`,
      sql`${eventId}::uuid`,
      sql`item.value`,
    ),
  );
  return true;
}
