import type { Db, Queryable } from "@/db/client";
import {
  parseParticipantCsv,
  type IdColumnChoice,
  type ParsedParticipants,
  type RowProblem,
} from "@/lib/domain/participants/csv";
import type { KnownStarter, MatchPlan, MatchedRow, UpdatedRow } from "@/lib/domain/participants/match";
import { applyMerge, planMerge } from "@/lib/domain/participants/merge";
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
  /** The header row, for picking the id column. */
  header: string[];
  /** The index of the registration's own id column in `header`, or null. */
  idColumn: number | null;
  /** Every problem, of the file and of rows, by line. */
  problems: RowProblem[];
  /** The first PREVIEW_ROWS of each list; the counts cover all. */
  created: MatchedRow[];
  updated: UpdatedRow[];
  missing: Array<Omit<KnownStarter, "id" | "keyUsed">>;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  missingCount: number;
}

/** Rows of each list sent to the browser for the preview. */
export const PREVIEW_ROWS = 200;

function toPreview(parsed: ParsedParticipants, plan: MatchPlan): MergePreview {
  return {
    delimiter: parsed.delimiter,
    rows: parsed.rows.length,
    header: parsed.header,
    idColumn: parsed.idColumn,
    problems: [...parsed.problems, ...plan.problems].sort((a, b) => a.line - b.line),
    created: plan.created.slice(0, PREVIEW_ROWS),
    updated: plan.updated.slice(0, PREVIEW_ROWS),
    missing: plan.missing
      .slice(0, PREVIEW_ROWS)
      .map(({ key, importId, startNumber, name }) => ({ key, importId, startNumber, name })),
    createdCount: plan.created.length,
    updatedCount: plan.updated.length,
    unchangedCount: plan.unchanged.length,
    missingCount: plan.missing.length,
  };
}

const EMPTY_PLAN: MatchPlan = { created: [], updated: [], unchanged: [], missing: [], problems: [] };

/** Reads and plans a list without writing anything; the caller checks that the event is the organiser's. */
export async function previewMerge(
  db: Queryable,
  eventId: string,
  text: string,
  idColumn: IdColumnChoice = "auto",
): Promise<MergePreview> {
  return planned(db, eventId, parseParticipantCsv(text, { idColumn }));
}

const planned = async (db: Queryable, eventId: string, parsed: ParsedParticipants) =>
  toPreview(parsed, parsed.rows.length ? await planMerge(db, eventId, parsed.rows) : EMPTY_PLAN);

export interface SavedMerge {
  created: number;
  updated: number;
  unchanged: number;
  csv: string;
}

export type MergeOutcome = ({ saved: true } & SavedMerge) | { saved: false; preview: MergePreview };

/**
 * Saves a list in one transaction, or nothing when any row has a problem (the list may have
 * changed since the preview: someone else merged, or keys were used). A list saved before
 * changes nothing. On success, the merged CSV for the email merge, in the upload's delimiter,
 * with a BOM when the upload had one or uses semicolons (Excel's, which needs the BOM to read UTF-8).
 */
export async function saveMerge(
  db: Db,
  eventId: string,
  list: { text: string; bom: boolean; idColumn?: IdColumnChoice },
  publicUrl: string,
): Promise<MergeOutcome> {
  const parsed = parseParticipantCsv(list.text, { idColumn: list.idColumn ?? "auto" });
  if (parsed.problems.length || !parsed.rows.length)
    return { saved: false, preview: await planned(db, eventId, parsed) };
  const { applied, plan } = await applyMerge(db, eventId, parsed.rows);
  if (!applied) return { saved: false, preview: toPreview(parsed, plan) };
  const csv = mergedCsv(parsed, [...plan.created, ...plan.updated, ...plan.unchanged], {
    delimiter: parsed.delimiter,
    publicUrl,
  });
  return {
    saved: true,
    created: plan.created.length,
    updated: plan.updated.length,
    unchanged: plan.unchanged.length,
    csv: (list.bom || parsed.delimiter === ";" ? BOM : "") + csv,
  };
}
