import { asc, eq, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { events, starters } from "@/db/schema";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { planMatch, type KnownStarter, type MatchPlan, type MatchRow, type MatchedRow } from "./match";

export interface MergeResult {
  /** False when the plan had problems: nothing was written. */
  applied: boolean;
  plan: MatchPlan;
}

/** Rows per UPDATE statement, well under PostgreSQL's 65,535 parameters per statement. */
const CHUNK = 5000;

/** The event's starters in the order unused keys are handed out; locked for the transaction when `lock` is set. */
async function knownStarters(db: Queryable, eventId: string, lock: boolean): Promise<KnownStarter[]> {
  const query = db
    .select({
      id: starters.id,
      key: starters.key,
      keyUsed: starters.keyUsed,
      importId: starters.importId,
      startNumber: starters.startNumber,
      name: starters.name,
    })
    .from(starters)
    .where(eq(starters.eventId, eventId))
    .orderBy(asc(starters.seq));
  return lock ? query.for("update") : query;
}

async function planFor(db: Queryable, eventId: string, rows: MatchRow[], lock: boolean): Promise<MatchPlan> {
  const [event] = await db.select({ passcode: events.passcode }).from(events).where(eq(events.id, eventId));
  return planMatch({ rows, starters: await knownStarters(db, eventId, lock), passcode: event?.passcode });
}

/**
 * What writing participant rows into an event would do, without writing anything. The caller
 * checks that the event is the organiser's.
 */
export function planMerge(db: Queryable, eventId: string, rows: MatchRow[]): Promise<MatchPlan> {
  return planFor(db, eventId, rows, false);
}

/**
 * Plans again and writes the plan in one transaction, or nothing if any row has a problem. The
 * event row is locked first, so writes into one event run one after the other: a second save of
 * the same list finds everything saved and changes nothing, and no key is handed out twice. The
 * starters are locked too, so a key redeemed meanwhile cannot be given to a new participant.
 */
export async function applyMerge(db: Db, eventId: string, rows: MatchRow[]): Promise<MergeResult> {
  const result = await db.transaction(async (tx): Promise<MergeResult> => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
    const plan = await planFor(tx, eventId, rows, true);
    if (plan.problems.length) return { applied: false, plan };
    const writes: MatchedRow[] = [...plan.created, ...plan.updated];
    for (let i = 0; i < writes.length; i += CHUNK) {
      const values = sql.join(
        writes
          .slice(i, i + CHUNK)
          .map((w) => sql`(${w.starterId}::uuid, ${w.name}::text, ${w.startNumber}::text, ${w.importId}::text)`),
        sql`, `,
      );
      await tx.execute(sql`
        update ${starters} set name = v.name, start_number = v.start_number, import_id = v.import_id, updated_at = now()
        from (values ${values}) as v(id, name, start_number, import_id)
        where ${starters.id} = v.id and ${starters.eventId} = ${eventId}`);
    }
    await enqueueWebhooks(
      tx,
      eventId,
      "starter.updated",
      writes.map((w) => ({
        eventId,
        starterId: w.starterId,
        importId: w.importId,
        startNumber: w.startNumber,
        name: w.name,
      })),
    );
    return { applied: true, plan };
  });
  if (result.applied) wakeWebhookWorker();
  return result;
}
