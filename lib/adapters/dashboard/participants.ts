import type { Db, Queryable } from "@/db/client";
import { parseParticipantCsv, type ParsedParticipants, type RowProblem } from "@/lib/domain/participants/csv";
import { applyMerge, planMerge, type MergeAssignment, type MergePlan } from "@/lib/domain/participants/merge";
import { mergedCsv } from "@/lib/domain/participants/merged-csv";

/** A participant list as uploaded: its text, and whether it started with a UTF-8 byte order mark. */
export interface DecodedList {
  text: string;
  bom: boolean;
  /** "windows-1252" for files a spreadsheet saved in the old Western encoding, not UTF-8. */
  encoding: "utf-8" | "windows-1252";
}

const BOM = "\uFEFF";

/**
 * The text of an uploaded file. UTF-8 (with or without BOM) is the norm; a file that is not valid
 * UTF-8 comes from an older Excel's "CSV" on Windows, whose Western encoding is read instead, so
 * that "Müller" does not turn into "M�ller".
 */
export function decodeUpload(bytes: Uint8Array): DecodedList {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ""), bom, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), bom: false, encoding: "windows-1252" };
  }
}

export interface MergePreview {
  delimiter: "," | ";";
  /** Participant rows read (blank lines not counted). */
  rows: number;
  /** Every problem, of the file and of rows, by line. */
  problems: RowProblem[];
  /** What would happen to each row without problems, in file order (the first `shown` of them). */
  assignments: MergeAssignment[];
  assignCount: number;
  updateCount: number;
}

/** Planned assignments sent to the browser for the preview; the counts cover all of them. */
export const PREVIEW_ASSIGNMENTS = 200;

function toPreview(parsed: ParsedParticipants, plan: MergePlan): MergePreview {
  const assignCount = plan.assignments.filter((a) => a.action === "assign").length;
  return {
    delimiter: parsed.delimiter,
    rows: parsed.rows.length,
    problems: [...parsed.problems, ...plan.problems].sort((a, b) => a.line - b.line),
    assignments: plan.assignments.slice(0, PREVIEW_ASSIGNMENTS),
    assignCount,
    updateCount: plan.assignments.length - assignCount,
  };
}

/** Reads and plans a list without writing anything; the caller checks that the event is the organiser's. */
export async function previewMerge(db: Queryable, eventId: string, text: string): Promise<MergePreview> {
  const parsed = parseParticipantCsv(text);
  const plan = parsed.rows.length ? await planMerge(db, eventId, parsed.rows) : { assignments: [], problems: [] };
  return toPreview(parsed, plan);
}

export type MergeOutcome = { saved: true; count: number; csv: string } | { saved: false; preview: MergePreview };

/**
 * Saves a list in one transaction, or nothing when any row has a problem (the list may have
 * changed since the preview: someone else merged, or keys were used). On success, the merged CSV
 * for the email merge, in the upload's delimiter, with a BOM when the upload had one.
 */
export async function saveMerge(
  db: Db,
  eventId: string,
  list: { text: string; bom: boolean },
  publicUrl: string,
): Promise<MergeOutcome> {
  const parsed = parseParticipantCsv(list.text);
  if (parsed.problems.length || !parsed.rows.length)
    return { saved: false, preview: await previewMerge(db, eventId, list.text) };
  const result = await applyMerge(db, eventId, parsed.rows);
  if (!result.applied) return { saved: false, preview: toPreview(parsed, result.plan) };
  const csv = mergedCsv(result.plan.assignments, { delimiter: parsed.delimiter, publicUrl });
  return { saved: true, count: result.plan.assignments.length, csv: (list.bom ? BOM : "") + csv };
}
