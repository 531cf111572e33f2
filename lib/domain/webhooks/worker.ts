import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { countWebhookOutcome } from "@/lib/platform/metrics";
import { messageId } from "./schemas";
import { sendMessage, type AttemptResult } from "./send";

export interface DeliverySettings {
  timeoutMs: number;
  allowPrivateTargets: boolean;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** Retried until the message is this old, then given up. */
  retryHours: number;
  /** An endpoint failing this long is disabled. */
  disableAfterHours: number;
}

/** A claim lasts the attempt's time limit and a margin: past it, another worker may try again. */
export const leaseMs = (settings: Pick<DeliverySettings, "timeoutMs">) => settings.timeoutMs + 5000;

export interface ClaimedMessage {
  id: string;
  attempts: number;
  body: string;
  endpointId: string;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due messages for this worker, in one statement over the partial index of
 * pending rows: `FOR UPDATE SKIP LOCKED` lets concurrent claimers pass each other's rows, and the
 * claim moves `next_attempt_at` one lease ahead, so a worker that dies mid-attempt leaves the row
 * due again when its lease ends (same message id, one more attempt). `attempts` is the fence:
 * a late result of an older claim changes nothing.
 */
export async function claimDue(db: Db, limit: number, lease: number): Promise<ClaimedMessage[]> {
  return queryRows<ClaimedMessage>(
    db,
    sql`with due as (
          select id from webhook_deliveries
          where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at
          limit ${limit}
          for update skip locked
        )
        update webhook_deliveries d
        set attempts = d.attempts + 1, last_attempt_at = now(),
            locked_until = now() + ${lease} * interval '1 millisecond',
            next_attempt_at = now() + ${lease} * interval '1 millisecond'
        from due, webhook_endpoints w
        where d.id = due.id and w.id = d.endpoint_id
        returning d.id, d.attempts, d.payload::text as body, w.id as "endpointId", w.url, w.secret`,
  );
}

/** The wait before the next attempt: doubling from the base, capped, with ±25 % jitter. */
export function retryDelayMs(attempts: number, settings: Pick<DeliverySettings, "retryBaseMs" | "retryMaxDelayMs">) {
  const exponential = settings.retryBaseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40);
  const capped = Math.min(exponential, settings.retryMaxDelayMs);
  return Math.round(capped * (0.75 + Math.random() * 0.5));
}

const MAX_ERROR_LENGTH = 500;

/** Writes an attempt's result (fenced by `attempts`), and disables an endpoint failing too long. */
export async function recordAttempt(
  db: Db,
  message: ClaimedMessage,
  result: AttemptResult,
  settings: DeliverySettings,
): Promise<"delivered" | "retry" | "given_up" | "stale"> {
  const error = result.error?.slice(0, MAX_ERROR_LENGTH) ?? null;
  if (result.ok) {
    const [row] = await queryRows<{ done: number }>(
      db,
      sql`with done as (
            update webhook_deliveries
            set status = 'delivered', delivered_at = now(), next_attempt_at = null, locked_until = null,
                last_status_code = ${result.statusCode}, last_error = null
            where id = ${message.id} and attempts = ${message.attempts} and status = 'pending'
            returning endpoint_id
          ), healthy as (
            update webhook_endpoints set failing_since = null
            where id in (select endpoint_id from done) and failing_since is not null
          )
          select count(*)::int as done from done`,
    );
    if (!row?.done) return "stale";
    countWebhookOutcome("delivered");
    return "delivered";
  }
  const delay = retryDelayMs(message.attempts, settings);
  const [row] = await queryRows<{ status: string; disable: boolean; failingSince: string }>(
    db,
    sql`with failed as (
          update webhook_deliveries
          set status = case when created_at + ${settings.retryHours} * interval '1 hour' < now() + ${delay} * interval '1 millisecond'
                            then 'failed' else 'pending' end,
              next_attempt_at = case when created_at + ${settings.retryHours} * interval '1 hour' < now() + ${delay} * interval '1 millisecond'
                            then null else now() + ${delay} * interval '1 millisecond' end,
              locked_until = null, last_status_code = ${result.statusCode}, last_error = ${error}
          where id = ${message.id} and attempts = ${message.attempts} and status = 'pending'
          returning status, endpoint_id
        ), endpoint as (
          update webhook_endpoints w set failing_since = coalesce(w.failing_since, now())
          from failed where w.id = failed.endpoint_id
          returning w.failing_since
        )
        select failed.status, endpoint.failing_since as "failingSince",
               endpoint.failing_since + ${settings.disableAfterHours} * interval '1 hour' <= now() as disable
        from failed, endpoint`,
  );
  if (!row) return "stale";
  if (row.disable) await disableEndpoint(db, message.endpointId, row.failingSince, error);
  countWebhookOutcome(row.status === "failed" ? "given_up" : "retry");
  return row.status === "failed" ? "given_up" : "retry";
}

/** Disables a failing endpoint with the reason its owner sees; its pending messages fail with it. */
async function disableEndpoint(db: Db, endpointId: string, failingSince: string, lastError: string | null) {
  const since = new Date(failingSince).toISOString();
  const reason = `every delivery failed since ${since}${lastError ? ` (last: ${lastError})` : ""}`;
  await db.transaction(async (tx) => {
    const disabled = await queryRows<{ id: string }>(
      tx,
      sql`update webhook_endpoints set disabled_at = now(), disabled_reason = ${reason}
          where id = ${endpointId} and disabled_at is null returning id`,
    );
    if (!disabled.length) return;
    await tx.execute(sql`update webhook_deliveries
      set status = 'failed', next_attempt_at = null, last_error = coalesce(last_error, 'endpoint disabled')
      where endpoint_id = ${endpointId} and status = 'pending'`);
    countWebhookOutcome("endpoint_disabled");
  });
}

/** Claims, sends and records one message. */
export async function attempt(db: Db, message: ClaimedMessage, settings: DeliverySettings) {
  const result = await sendMessage(
    { url: message.url, secret: message.secret },
    { id: messageId(message.id), body: message.body },
    settings,
  );
  return recordAttempt(db, message, result, settings);
}

/** Delivers what is due now, `concurrency` at a time, until nothing is due (tests, the CLI). Returns the attempts made. */
export async function deliverDue(db: Db, settings: DeliverySettings, concurrency = 16): Promise<number> {
  let attempts = 0;
  for (;;) {
    const claimed = await claimDue(db, concurrency, leaseMs(settings));
    if (claimed.length === 0) return attempts;
    attempts += claimed.length;
    await Promise.all(claimed.map((message) => attempt(db, message, settings)));
  }
}
