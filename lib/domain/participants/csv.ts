import Papa from "papaparse";
import type { CsvDelimiter } from "@/lib/domain/keys/csv";

/** One participant of an uploaded registration list. */
export interface ParticipantRow {
  /** The row number a spreadsheet shows: the header is row 1, the first participant row 2. */
  line: number;
  /** A string: "02" keeps its leading zero. */
  startNumber: string | null;
  name: string | null;
  /** Upper-cased. */
  key: string | null;
  starterId: string | null;
}

export interface RowProblem {
  line: number;
  /** The ParticipantRow field concerned, or "file" for the file as a whole. */
  field: string;
  message: string;
}

export interface ParsedParticipants {
  rows: ParticipantRow[];
  problems: RowProblem[];
  delimiter: CsvDelimiter;
}

/** As many rows as an event can have keys. */
export const MAX_PARTICIPANT_ROWS = 100_000;

type Column = "startNumber" | "name" | "firstName" | "lastName" | "key" | "starterId";

/**
 * Header names as registration platforms (and our own exports) spell them, after `headerToken`:
 * "Start number", "start_number" and "startNumber" all become "startnumber". Earlier names win
 * when a file has two columns for one field ("starter_id" over a platform's own "id").
 */
const HEADER_NAMES: Record<Column, string[]> = {
  startNumber: [
    "startnumber",
    "startnr",
    "startno",
    "startnummer",
    "bib",
    "bibnumber",
    "bibnr",
    "bibno",
    "racenumber",
    "number",
    "nr",
    "no",
  ],
  name: ["name", "fullname", "participantname", "teilnehmername", "participant", "teilnehmer"],
  firstName: ["firstname", "givenname", "forename", "vorname", "prenom", "first"],
  lastName: ["lastname", "surname", "familyname", "nachname", "nom", "last"],
  key: ["key", "starterkey", "startkey", "racekey"],
  starterId: ["starterid", "id"],
};
const HEADERS = new Map<string, { column: Column; rank: number }>(
  (Object.entries(HEADER_NAMES) as Array<[Column, string[]]>).flatMap(([column, names]) =>
    names.map((name, rank) => [name, { column, rank }] as const),
  ),
);

/** Lower-case letters and digits only, accents removed. */
const headerToken = (header: string) =>
  header
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** Our own CSV exports put an apostrophe before a leading = + - @ (csvCell); a re-upload drops it. */
const cellValue = (cell: string | undefined): string | null => {
  const value = (cell ?? "").trim().replace(/^'(?=[=+\-@])/, "");
  return value === "" ? null : value;
};

const QUOTE_PROBLEMS: Partial<Record<string, string>> = {
  MissingQuotes: 'a quote (") is opened but never closed',
  InvalidQuotes: 'a quote (") stands inside a field: quote the whole field and double the quotes in it',
};

/**
 * The delimiter that splits the header row into more columns. Header names hardly ever contain
 * either character, while names and addresses further down often contain commas, and a broken
 * quote further down would mislead a guess from the whole file.
 */
function detectDelimiter(content: string): CsvDelimiter {
  const columns = (delimiter: CsvDelimiter) =>
    Papa.parse<string[]>(content, { delimiter, preview: 1 }).data[0]?.length ?? 0;
  return columns(";") > columns(",") ? ";" : ",";
}

/**
 * Reads a participant list: comma- or semicolon-separated (whichever the file uses), with or
 * without a UTF-8 byte order mark, quoted fields, columns in any order and loosely named. Rows
 * come back as read; problems here are the file's (header, quotes, size). What is wrong with a
 * row's values is for planMerge to say.
 */
export function parseParticipantCsv(text: string): ParsedParticipants {
  const content = text.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(content);
  const parsed = Papa.parse<string[]>(content, { delimiter, skipEmptyLines: false });
  const problems: RowProblem[] = parsed.errors.map((error) => ({
    line: (error.row ?? 0) + 1,
    field: "file",
    message: QUOTE_PROBLEMS[error.code] ?? error.message,
  }));
  const [header, ...records] = parsed.data;
  if (!header || header.every((cell) => !cell.trim())) {
    return {
      rows: [],
      problems: [
        { line: 1, field: "file", message: "the file is empty: expected a header row and one row per participant" },
      ],
      delimiter,
    };
  }

  const columns = new Map<Column, { index: number; rank: number }>();
  header.forEach((cell, index) => {
    const known = HEADERS.get(headerToken(cell));
    if (!known) return;
    const taken = columns.get(known.column);
    if (!taken || known.rank < taken.rank) columns.set(known.column, { index, rank: known.rank });
    else if (known.rank === taken.rank) {
      problems.push({
        line: 1,
        field: known.column,
        message: `two columns "${header[taken.index]}" and "${cell}": rename or remove one`,
      });
    }
  });
  if (!columns.has("name") && !columns.has("firstName") && !columns.has("lastName")) {
    problems.push({ line: 1, field: "name", message: "no name column: expected name, or first name and last name" });
  }

  const rows: ParticipantRow[] = [];
  let tooMany: RowProblem | undefined;
  records.forEach((record, index) => {
    const line = index + 2;
    if (record.every((cell) => !cell.trim())) return;
    if (rows.length === MAX_PARTICIPANT_ROWS) {
      tooMany ??= {
        line,
        field: "file",
        message: `at most ${MAX_PARTICIPANT_ROWS.toLocaleString("en")} participants per file`,
      };
      return;
    }
    const cell = (column: Column) => {
      const index = columns.get(column)?.index;
      return index === undefined ? null : cellValue(record[index]);
    };
    const fullName = cell("name") ?? ([cell("firstName"), cell("lastName")].filter(Boolean).join(" ") || null);
    const row: ParticipantRow = {
      line,
      startNumber: cell("startNumber"),
      name: fullName,
      key: cell("key")?.toUpperCase() ?? null,
      starterId: cell("starterId")?.toLowerCase() ?? null,
    };
    rows.push(row);
  });
  if (tooMany) problems.push(tooMany);
  return { rows, problems, delimiter };
}
