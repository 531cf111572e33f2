import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

/** How long data is kept (RETENTION_VISIT_DAYS, _IDEMPOTENCY_DAYS, _AUDIT_DAYS, _WEBHOOK_DELIVERY_DAYS). */
export interface RetentionSettings {
  visitDays: number;
  idempotencyDays: number;
  auditDays: number;
  webhookDeliveryDays: number;
}

/** Rows each rule removed (idempotency keys are cleared on their batch, which stays). */
export interface Purged {
  visitCounts: number;
  sessions: number;
  knownBrowsers: number;
  idempotencyKeys: number;
  auditEntries: number;
  webhookDeliveries: number;
}

const PURGE_LOCK_ID = 727_274_002; // arbitrary, constant: pg_advisory_xact_lock key of the purge
const DAY_MS = 86_400_000;

/**
 * Removes what the retention rules say is no longer kept, in one transaction under an advisory
 * lock: with several instances on a schedule, one purges and the others find the lock taken and
 * skip (undefined). Landing visit counts older than `visitDays` (by their hour), expired sessions
 * and known browsers, and the Idempotency-Key of mint batches older than `idempotencyDays` (the
 * batch and its keys stay; a replay after that mints anew), audit entries older than `auditDays`,
 * and finished webhook deliveries older than `webhookDeliveryDays` (pending ones are still being
 * retried). Key bindings stay with their event.
 */
export async function purgeExpired(db: Db, settings: RetentionSettings, now = new Date()): Promise<Purged | undefined> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${PURGE_LOCK_ID}) as locked`,
    );
    if (!lock?.locked) return undefined;
    // Counted in the database: a purge may remove millions of visit-count rows.
    const count = async (statement: SQL) => {
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`with done as (${statement} returning 1) select count(*)::int as n from done`,
      );
      return Number(row?.n ?? 0);
    };
    const visitsBefore = new Date(now.getTime() - settings.visitDays * DAY_MS).toISOString();
    const idempotencyBefore = new Date(now.getTime() - settings.idempotencyDays * DAY_MS).toISOString();
    const at = now.toISOString();
    const auditBefore = new Date(now.getTime() - settings.auditDays * DAY_MS).toISOString();
    const deliveriesBefore = new Date(now.getTime() - settings.webhookDeliveryDays * DAY_MS).toISOString();
    return {
      visitCounts: await count(sql`delete from landing_visit_counts where hour < ${visitsBefore}`),
      sessions: await count(sql`delete from sessions where expires_at < ${at}`),
      knownBrowsers: await count(sql`delete from known_browsers where expires_at < ${at}`),
      idempotencyKeys: await count(
        sql`update mint_batches set idempotency_key = null
            where idempotency_key is not null and created_at < ${idempotencyBefore}`,
      ),
      auditEntries: await count(sql`delete from audit_log where created_at < ${auditBefore}`),
      webhookDeliveries: await count(
        sql`delete from webhook_deliveries where status <> 'pending' and created_at < ${deliveriesBefore}`,
      ),
    };
  });
}
