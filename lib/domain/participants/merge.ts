import { eq, sql } from "drizzle-orm";
import { queryRows, type Db, type Queryable, type Tx } from "@/db/client";
import { events } from "@/db/schema";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { planMatch, type KnownStarter, type MatchPlan, type MatchRow, type MatchedRow } from "./match";

export interface MergeResult {
  /** False when the plan had problems: nothing was written. */
  applied: boolean;
  plan: MatchPlan;
}

/**
 * Rows per UPDATE statement. Each statement carries its rows as one JSON parameter (a few MB at
 * most), so neither the parameter limit nor a query builder's per-value objects come into play.
 */
const WRITE_CHUNK = 20_000;

/**
 * The event's starters in the order unused keys are handed out; locked for the transaction when
 * `lock` is set. Plain SQL: at 100,000 starters the query builder's row mapping costs more than the query.
 */
function knownStarters(db: Queryable, eventId: string, lock: boolean): Promise<KnownStarter[]> {
  return queryRows<KnownStarter>(
    db,
    sql`select id, key, key_used as "keyUsed", import_id as "importId", start_number as "startNumber", name
        from starters where event_id = ${eventId} order by seq ${lock ? sql`for update` : sql``}`,
  );
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
 * Writes a plan's created and updated rows: one `UPDATE … FROM json_array_elements(…)` per chunk,
 * set-based in the database (every starter a plan writes exists already: new participants take
 * minted keys). `[id, name, startNumber, importId]` arrays keep the JSON small.
 */
async function writePlan(tx: Tx, eventId: string, plan: MatchPlan): Promise<void> {
  const writes: MatchedRow[][] = [plan.created, plan.updated];
  for (const list of writes) {
    for (let i = 0; i < list.length; i += WRITE_CHUNK) {
      const end = Math.min(i + WRITE_CHUNK, list.length);
      const parts: string[] = [];
      for (let j = i; j < end; j++) {
        const w = list[j]!;
        parts.push(JSON.stringify([w.starterId, w.name, w.startNumber, w.importId]));
      }
      await tx.execute(sql`
        update starters set name = v.name, start_number = v.start_number, import_id = v.import_id, updated_at = now()
        from (select (e->>0)::uuid as id, e->>1 as name, e->>2 as start_number, e->>3 as import_id
              from json_array_elements(${`[${parts.join(",")}]`}::json) as e) as v
        where starters.id = v.id and starters.event_id = ${eventId}`);
    }
  }
}

/**
 * Plans again and writes the plan in one transaction, or nothing if any row has a problem. The
 * event row is locked first, so writes into one event run one after the other: a second save of
 * the same list finds everything saved and changes nothing, and no key is handed out twice. The
 * starters are locked too, so a key redeemed meanwhile cannot be given to a new participant.
 * Everything a merge writes happens inside `tx` here: anything that must commit with it (an
 * outbox row) belongs after `writePlan`.
 */
export async function applyMerge(db: Db, eventId: string, rows: MatchRow[]): Promise<MergeResult> {
  const result = await db.transaction(async (tx): Promise<MergeResult> => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
    const plan = await planFor(tx, eventId, rows, true);
    if (plan.problems.length) return { applied: false, plan };
    await writePlan(tx, eventId, plan);
    await enqueueWebhooks(
      tx,
      eventId,
      "starter.updated",
      [...plan.created, ...plan.updated].map((w) => ({
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
