import type { Db } from "@/db/client";
import { DomainError } from "@/lib/domain/errors";
import { parseParticipantCsv } from "@/lib/domain/participants/csv";
import { applyMerge, planMerge } from "@/lib/domain/participants/merge";
import type { MatchPlan, MatchRow, RowProblem } from "@/lib/domain/participants/match";
import type { UpsertResult } from "./schemas";

/** Rows of a bulk upsert: a JSON array (line = array index) or a CSV list read as the dashboard reads it. */
export type UpsertInput = { json: Array<Omit<MatchRow, "line">> } | { csv: string };

function rowsOf(input: UpsertInput): { rows: MatchRow[]; problems: RowProblem[] } {
  if ("csv" in input) return parseParticipantCsv(input.csv);
  // In place: the array is this request's own (fresh from its schema), and a copy of 100,000 rows costs memory.
  const rows = input.json as MatchRow[];
  for (let line = 0; line < rows.length; line++) {
    const row = rows[line]!;
    row.line = line;
    if (row.key) row.key = row.key.toUpperCase();
  }
  return { rows, problems: [] };
}

/** Every row problem, as the one error shape's details: `path` is "<line>.<field>". */
function refuse(problems: RowProblem[]): never {
  throw new DomainError(
    "unprocessable",
    `${problems.length} ${problems.length === 1 ? "row problem" : "row problems"}: nothing was written`,
    { details: problems.map((p) => ({ path: `${p.line}.${p.field}`, message: p.message })) },
  );
}

/**
 * The participants API's bulk upsert: the dashboard's matching (`planMatch`) and merge, all or
 * nothing. A dry run plans without writing; a real run plans again under the locks and writes. Any
 * problem, of the file or of a row, refuses the whole list with every problem listed.
 */
export async function upsertStarters(
  db: Db,
  eventId: string,
  input: UpsertInput,
  dryRun: boolean,
): Promise<UpsertResult> {
  const { rows, problems } = rowsOf(input);
  let plan: MatchPlan;
  let applied = false;
  if (dryRun || problems.length) plan = await planMerge(db, eventId, rows);
  else ({ plan, applied } = await applyMerge(db, eventId, rows));
  const all = [...problems, ...plan.problems].sort((a, b) => a.line - b.line);
  if (all.length) refuse(all);
  return {
    dryRun,
    applied,
    counts: {
      created: plan.created.length,
      updated: plan.updated.length,
      unchanged: plan.unchanged.length,
      missing: plan.missing.length,
    },
    created: plan.created,
    updated: plan.updated,
  };
}

/** Rows per piece of the streamed answer. */
const ROWS_PER_PIECE = 1000;

function* rowsJson(rows: readonly object[]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_PIECE) {
    const piece = rows.slice(i, i + ROWS_PER_PIECE).map((row) => JSON.stringify(row));
    yield (i ? "," : "") + piece.join(",");
  }
}

/**
 * The answer as JSON text a piece at a time, the same text as `JSON.stringify(result)`: the
 * created and updated lists of 100,000 rows never become one string (and then one buffer) at once.
 */
export async function* upsertResultJson(result: UpsertResult): AsyncGenerator<string> {
  const { created, updated, ...head } = result;
  yield `${JSON.stringify(head).slice(0, -1)},"created":[`;
  yield* rowsJson(created);
  yield '],"updated":[';
  yield* rowsJson(updated);
  yield "]}";
}
