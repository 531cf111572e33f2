import Papa from "papaparse";
import type { CsvDelimiter } from "@/lib/domain/keys/csv";
import type { MatchRow, RowProblem } from "./match";

export type { RowProblem } from "./match";

/** One participant of an uploaded registration list. */
export interface ParticipantRow extends MatchRow {
  /** The line of the text the row starts on: the header is line 1 (a spreadsheet's row number too, unless a cell spans lines). */
  line: number;
  /** A string: "02" keeps its leading zero. */
  startNumber: string | null;
  name: string | null;
  /** Upper-cased. */
  key: string | null;
  starterId: string | null;
  /** The cell of the chosen id column; undefined when the list has none. */
  importId?: string | null;
  /** Every cell as uploaded, for the merged CSV. */
  cells: string[];
}

export interface ParsedParticipants {
  rows: ParticipantRow[];
  problems: RowProblem[];
  delimiter: CsvDelimiter;
  /** The header row as uploaded. */
  header: string[];
  /** The index in `header` of the registration's own id column (stored as `importId`), or null. */
  idColumn: number | null;
}

/**
 * Which column holds the registration's own id: "auto" guesses from the header names, "none" says
 * the list has none, a number is the column's index as the organiser picked it.
 */
export type IdColumnChoice = "auto" | "none" | number;

/** As many rows as an event can have keys. */
export const MAX_PARTICIPANT_ROWS = 100_000;

type Column = "startNumber" | "name" | "firstName" | "lastName" | "key" | "starterId";

/**
 * Header names as registration platforms (and our own exports) spell them, after `headerToken`:
 * "Start number", "start_number" and "startNumber" all become "startnumber". Earlier names win
 * when a file has two columns for one field ("starter_id" over a platform's own "id").
 */
export const HEADER_NAMES: Record<Column, string[]> = {
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
  starterId: ["starterid"],
};

/** Header names of a registration's own id, as platforms spell them ("ID", "Teilnehmer-ID", "importId"). */
const ID_HEADERS = [
  "importid",
  "id",
  "registrationid",
  "participantid",
  "entryid",
  "bookingid",
  "teilnehmerid",
  "anmeldeid",
  "anmeldungid",
  "externalid",
];
const HEADERS = new Map<string, { column: Column; rank: number }>(
  (Object.entries(HEADER_NAMES) as Array<[Column, string[]]>).flatMap(([column, names]) =>
    names.map((name, rank) => [name, { column, rank }] as const),
  ),
);

/** Lower-case letters and digits only, accents removed. */
export const headerToken = (header: string) =>
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

/** The column the organiser picked, or the first whose header names an id, best name first. */
function chooseIdColumn(header: string[], choice: IdColumnChoice): number | null {
  if (choice === "none") return null;
  if (choice !== "auto") return choice < header.length ? choice : null;
  const tokens = header.map(headerToken);
  const best = ID_HEADERS.find((name) => tokens.includes(name));
  return best === undefined ? null : tokens.indexOf(best);
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The file's records, each with the text line it starts on (a quoted cell may span lines), so
 * that problems name the lines the correction box numbers.
 */
function readRecords(content: string, delimiter: CsvDelimiter) {
  const records: Array<{ cells: string[]; line: number }> = [];
  const problems: RowProblem[] = [];
  let line = 1;
  let start = 0;
  Papa.parse<string[]>(content, {
    delimiter,
    skipEmptyLines: false,
    step: ({ data, errors, meta }) => {
      records.push({ cells: data, line });
      for (const error of errors)
        problems.push({ line, field: "file", message: QUOTE_PROBLEMS[error.code] ?? error.message });
      line += content.slice(start, meta.cursor).match(LINE_BREAK)?.length ?? 0;
      start = meta.cursor;
    },
  });
  return { records, problems };
}

/**
 * Reads a participant list: comma- or semicolon-separated (whichever the file uses), with or
 * without a UTF-8 byte order mark, quoted fields, columns in any order and loosely named. Rows
 * come back as read; problems here are the file's (header, quotes, short rows, size). What is
 * wrong with a row's values is for planMatch to say.
 */
export function parseParticipantCsv(text: string, options: { idColumn?: IdColumnChoice } = {}): ParsedParticipants {
  const content = text.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(content);
  const { records: all, problems } = readRecords(content, delimiter);
  const brokenLines = new Set(problems.map((p) => p.line));
  const [first, ...records] = all;
  const header = first?.cells ?? [];
  if (header.every((cell) => !cell.trim())) {
    return {
      rows: [],
      problems: [
        { line: 1, field: "file", message: "the file is empty: expected a header row and one row per participant" },
      ],
      delimiter,
      header,
      idColumn: null,
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
  const idColumn = chooseIdColumn(header, options.idColumn ?? "auto");

  const rows: ParticipantRow[] = [];
  let tooMany: RowProblem | undefined;
  for (const { cells: record, line } of records) {
    if (record.every((cell) => !cell.trim())) continue;
    if (rows.length === MAX_PARTICIPANT_ROWS) {
      tooMany ??= {
        line,
        field: "file",
        message: `at most ${MAX_PARTICIPANT_ROWS.toLocaleString("en")} participants per file`,
      };
      continue;
    }
    // A short row has lost cells (often a delimiter inside an unquoted name shifts the rest): never guess which.
    if (record.length < header.length && !brokenLines.has(line)) {
      problems.push({
        line,
        field: "file",
        message: `this line has ${record.length} ${record.length === 1 ? "column" : "columns"}, the header ${header.length}: give every line one cell per column, separated by "${delimiter}"`,
      });
    }
    const cell = (column: Column) => {
      const index = columns.get(column)?.index;
      return index === undefined ? null : cellValue(record[index]);
    };
    const fullName = cell("name") ?? ([cell("firstName"), cell("lastName")].filter(Boolean).join(" ") || null);
    rows.push({
      line,
      startNumber: cell("startNumber"),
      name: fullName,
      key: cell("key")?.toUpperCase() ?? null,
      starterId: cell("starterId")?.toLowerCase() ?? null,
      ...(idColumn === null ? {} : { importId: cellValue(record[idColumn]) }),
      cells: record,
    });
  }
  if (tooMany) problems.push(tooMany);
  return { rows, problems, delimiter, header, idColumn };
}
