import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { events, starters } from "@/db/schema";
import { isNormalizedKey } from "@/lib/domain/keys/code";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";
import type { ParticipantRow, RowProblem } from "./csv";

/** The same limits as a key's details in the dashboard. */
export const MAX_NAME_LENGTH = 200;
export const MAX_START_NUMBER_LENGTH = 50;

/** What a row does: update the starter it names (by starter_id or key), or get an unused key. */
export interface MergeAssignment {
  line: number;
  starterId: string;
  key: string;
  name: string | null;
  /** After the merge: the row's start number, or for an update without one the starter's current one. */
  startNumber: string | null;
  action: "update" | "assign";
}

export interface MergePlan {
  /** One per row without problems, in file order. */
  assignments: MergeAssignment[];
  /** Sorted by line. */
  problems: RowProblem[];
}

export interface MergeResult {
  /** False when the plan had problems: nothing was written. */
  applied: boolean;
  plan: MergePlan;
}

type Slot = Pick<typeof starters.$inferSelect, "id" | "key" | "startNumber">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const controlCharactersIn = (what: string) =>
  `${what} contains control characters (such as tabs or invisible characters): remove them`;
/** Values per IN list, well under PostgreSQL's 65,535 parameters per statement. */
const CHUNK = 5000;

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

const slotColumns = { id: starters.id, key: starters.key, startNumber: starters.startNumber };

/**
 * The event's starters matching `values` in `column`, chunk by chunk; locked for the transaction
 * when `lock` is set, so that what the plan read is what gets written.
 */
async function slotsWhere(
  db: Queryable,
  eventId: string,
  column: typeof starters.id | typeof starters.key,
  values: string[],
  lock: boolean,
): Promise<Slot[]> {
  const found: Slot[] = [];
  for (const chunk of chunks([...new Set(values)])) {
    const query = db
      .select(slotColumns)
      .from(starters)
      .where(and(eq(starters.eventId, eventId), inArray(column, chunk)));
    found.push(...(await (lock ? query.for("update") : query)));
  }
  return found;
}

/**
 * Why a row's key is not one of this event's starter keys. Only this event is asked: a code of
 * another event gets the same answer as one that exists nowhere, so a list cannot probe which
 * codes other organisers hold.
 */
function notOwnKeyReason(key: string, passcode: string | undefined): string {
  if (!isNormalizedKey(key)) return `"${key}" is not a key: keys are six letters or digits`;
  if (key === passcode) return `${key} is the event's passcode, not a personal key`;
  return `key ${key} is not a key of this event`;
}

/**
 * Unused keys nobody has been given yet (no name, no start number), oldest first, leaving out
 * the starters the file already names.
 */
async function unassignedSlots(
  db: Queryable,
  eventId: string,
  count: number,
  named: Set<string>,
  lock: boolean,
): Promise<Slot[]> {
  if (count === 0) return [];
  const conditions: SQL[] = [
    eq(starters.eventId, eventId),
    isNotNull(starters.key),
    eq(starters.keyUsed, false),
    isNull(starters.name),
    isNull(starters.startNumber),
  ];
  const query = db
    .select(slotColumns)
    .from(starters)
    .where(and(...conditions))
    .orderBy(asc(starters.seq))
    .limit(count + named.size);
  const slots = await (lock ? query.for("update") : query);
  return slots.filter((slot) => !named.has(slot.id)).slice(0, count);
}

/** Starters outside the merge that hold one of `numbers`, by start number. */
async function startNumberHolders(
  db: Queryable,
  eventId: string,
  numbers: string[],
  merged: Set<string>,
): Promise<Map<string, string | null>> {
  const holders = new Map<string, string | null>();
  for (const chunk of chunks([...new Set(numbers)])) {
    const conditions = [eq(starters.eventId, eventId), inArray(starters.startNumber, chunk)];
    const rows = await db
      .select(slotColumns)
      .from(starters)
      .where(and(...conditions));
    for (const row of rows) if (!merged.has(row.id) && row.startNumber) holders.set(row.startNumber, row.key);
  }
  return holders;
}

async function buildPlan(db: Queryable, eventId: string, rows: ParticipantRow[], lock: boolean): Promise<MergePlan> {
  const problems: RowProblem[] = [];
  const problem = (line: number, field: string, message: string) => problems.push({ line, field, message });

  const starterIds = rows.flatMap((r) => (r.starterId && UUID.test(r.starterId) ? [r.starterId] : []));
  const keys = rows.flatMap((r) => (r.key && isNormalizedKey(r.key) ? [r.key] : []));
  const byId = new Map((await slotsWhere(db, eventId, starters.id, starterIds, lock)).map((s) => [s.id, s]));
  const byKey = new Map((await slotsWhere(db, eventId, starters.key, keys, lock)).map((s) => [s.key!, s]));
  const [event] = await db.select({ passcode: events.passcode }).from(events).where(eq(events.id, eventId));

  // The starter each row names by starter_id or key, where that starter exists and has a key.
  const resolved = new Map<ParticipantRow, Slot>();
  const lineOfStarter = new Map<string, number>();
  for (const row of rows) {
    if (!row.name) problem(row.line, "name", "the name is missing");
    else if (row.name.length > MAX_NAME_LENGTH)
      problem(row.line, "name", `the name is longer than ${MAX_NAME_LENGTH} characters`);
    else if (hasControlCharacters(row.name)) problem(row.line, "name", controlCharactersIn("the name"));
    if (row.startNumber && hasControlCharacters(row.startNumber))
      problem(row.line, "startNumber", controlCharactersIn("the start number"));
    else if (row.startNumber && row.startNumber.length > MAX_START_NUMBER_LENGTH) {
      problem(row.line, "startNumber", `the start number is longer than ${MAX_START_NUMBER_LENGTH} characters`);
    }
    let target: Slot | undefined;
    if (row.starterId) {
      target = byId.get(row.starterId);
      if (!target) problem(row.line, "starterId", `no participant of this event has starter_id ${row.starterId}`);
      else if (!target.key)
        problem(row.line, "starterId", `starter_id ${row.starterId} joined with the passcode and has no key`);
      else if (row.key && row.key !== target.key)
        problem(row.line, "key", `key ${row.key} is not the key of starter_id ${row.starterId} (${target.key})`);
    } else if (row.key) {
      target = byKey.get(row.key);
      if (!target) problem(row.line, "key", notOwnKeyReason(row.key, event?.passcode));
    }
    if (!target?.key) continue;
    resolved.set(row, target);
    const earlier = lineOfStarter.get(target.id);
    if (earlier !== undefined)
      problem(row.line, row.starterId ? "starterId" : "key", `the same participant as line ${earlier}`);
    else lineOfStarter.set(target.id, row.line);
  }

  // Rows without starter_id or key get unused keys, in file order, unless they have problems.
  const troubledSoFar = new Set(problems.map((p) => p.line));
  const needKeys = rows.filter((row) => !row.starterId && !row.key && !troubledSoFar.has(row.line));
  const unassigned = await unassignedSlots(db, eventId, needKeys.length, new Set(lineOfStarter.keys()), lock);
  const missing = needKeys.length - unassigned.length;
  needKeys.forEach((row, i) => {
    const slot = unassigned[i];
    if (slot) resolved.set(row, slot);
    else
      problem(
        row.line,
        "key",
        `no unused key left for this participant: mint ${missing} more ${missing === 1 ? "key" : "keys"}`,
      );
  });

  // Start numbers after the merge: one participant each, in the file and in the event.
  const finalNumber = (row: ParticipantRow) => row.startNumber ?? resolved.get(row)?.startNumber ?? null;
  const merged = new Set([...resolved.values()].map((slot) => slot.id));
  // Start numbers with control characters are problems already; PostgreSQL could not even compare them.
  const numbers = rows.flatMap((r) => finalNumber(r) ?? []).filter((number) => !hasControlCharacters(number));
  const holders = await startNumberHolders(db, eventId, numbers, merged);
  const lineOfNumber = new Map<string, number>();
  for (const row of rows) {
    const number = finalNumber(row);
    if (!number) continue;
    const earlier = lineOfNumber.get(number);
    if (earlier !== undefined) problem(row.line, "startNumber", `start number ${number} is also on line ${earlier}`);
    else lineOfNumber.set(number, row.line);
    if (holders.has(number)) {
      const holder = holders.get(number);
      problem(
        row.line,
        "startNumber",
        `start number ${number} is already given to ${holder ? `key ${holder}` : "a participant who joined with the passcode"}`,
      );
    }
  }

  const troubled = new Set(problems.map((p) => p.line));
  const assignments = rows.flatMap((row): MergeAssignment[] => {
    const slot = resolved.get(row);
    if (!slot || troubled.has(row.line)) return [];
    const action = row.starterId || row.key ? "update" : "assign";
    return [
      { line: row.line, starterId: slot.id, key: slot.key!, name: row.name, startNumber: finalNumber(row), action },
    ];
  });
  return { assignments, problems: problems.sort((a, b) => a.line - b.line) };
}

/**
 * What merging a participant list into an event would do, row by row, without writing anything.
 * The caller checks that the event is the organiser's.
 */
export function planMerge(db: Queryable, eventId: string, rows: ParticipantRow[]): Promise<MergePlan> {
  return buildPlan(db, eventId, rows, false);
}

/**
 * Plans again and writes the plan in one transaction, or nothing if any row has a problem. The
 * event row is locked first, so merges into one event run one after the other and never hand out
 * the same key twice; the starters the plan reads are locked too.
 */
export async function applyMerge(db: Db, eventId: string, rows: ParticipantRow[]): Promise<MergeResult> {
  return db.transaction(async (tx) => {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for("update");
    const plan = await buildPlan(tx, eventId, rows, true);
    if (plan.problems.length) return { applied: false, plan };
    for (const chunk of chunks(plan.assignments)) {
      const values = sql.join(
        chunk.map((a) => sql`(${a.starterId}::uuid, ${a.name}::text, ${a.startNumber}::text)`),
        sql`, `,
      );
      await tx.execute(sql`
        update ${starters} set name = v.name, start_number = v.start_number, updated_at = now()
        from (values ${values}) as v(id, name, start_number)
        where ${starters.id} = v.id and ${starters.eventId} = ${eventId}`);
    }
    return { applied: true, plan };
  });
}
