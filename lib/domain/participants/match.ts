import { isNormalizedKey } from "@/lib/domain/keys/code";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

/** What is wrong with one row (or, for a list, with the file). */
export interface RowProblem {
  line: number;
  /** The MatchRow field concerned, or "file" for the file as a whole. */
  field: string;
  message: string;
}

/** The same limits as a key's details in the dashboard. */
export const MAX_NAME_LENGTH = 200;
export const MAX_START_NUMBER_LENGTH = 50;
export const MAX_IMPORT_ID_LENGTH = 200;

/**
 * One participant as a registration platform sends it: a row of an uploaded list or (later) of the
 * participants API. Undefined or null: the row says nothing about that field.
 */
export interface MatchRow {
  /** Where the row is, for problems: a list's line number, an API array's position. */
  line: number;
  /** The registration platform's own id of the participant. */
  importId?: string | null;
  /** A string: "02" keeps its leading zero. */
  startNumber?: string | null;
  /** Upper-cased. */
  key?: string | null;
  /** Our own starter id, as our exports carry it (`starter_id`). */
  starterId?: string | null;
  name?: string | null;
}

/** An existing starter of the event, as matching needs it. */
export interface KnownStarter {
  id: string;
  /** Null for a device that joined with the passcode. */
  key: string | null;
  keyUsed: boolean;
  importId: string | null;
  startNumber: string | null;
  name: string | null;
}

/** The participant data a row sets on a starter. */
export interface StarterFields {
  importId: string | null;
  startNumber: string | null;
  name: string | null;
}

export interface FieldChange {
  field: keyof StarterFields;
  from: string | null;
  to: string | null;
}

/** A row and the starter (with its key) it is written to, with the starter's data after the write. */
export interface MatchedRow extends StarterFields {
  line: number;
  starterId: string;
  key: string;
}

export interface UpdatedRow extends MatchedRow {
  changes: FieldChange[];
}

/** What writing a list of rows to an event would do. Rows with problems are in none of the row lists. */
export interface MatchPlan {
  /** New participants, each given an unused key nobody has been given yet, in row order. */
  created: MatchedRow[];
  /** Rows of existing starters whose data changes. */
  updated: UpdatedRow[];
  /** Rows of existing starters whose data stays as it is. */
  unchanged: MatchedRow[];
  /** Starters with participant data that no row names: listed, never deleted. */
  missing: KnownStarter[];
  /** Sorted by line. */
  problems: RowProblem[];
}

const FIELDS: Array<keyof StarterFields> = ["importId", "startNumber", "name"];

const controlCharactersIn = (what: string) =>
  `${what} contains control characters (such as tabs or invisible characters): remove them`;

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

const hasData = (s: KnownStarter) => s.importId !== null || s.startNumber !== null || s.name !== null;
const holderOf = (s: KnownStarter) => (s.key ? `key ${s.key}` : "a participant who joined with the passcode");

function indexBy(starters: KnownStarter[], field: "id" | "key" | "importId" | "startNumber") {
  const index = new Map<string, KnownStarter>();
  for (const s of starters) {
    const value = s[field];
    if (value !== null && !index.has(value)) index.set(value, s);
  }
  return index;
}

/**
 * Matches rows to the event's starters and plans what writing them does, without side effects.
 * A row names its starter by, in this order: `starterId` (our exports); the registration's own id
 * (`importId`); the key; the start number, if no other row names that starter and it has no other
 * registration id. The key decides before the start number because it names one starter exactly,
 * while a start number may have moved to another participant since. A row naming nobody is a new participant and gets an
 * unused key nobody has been given yet (`starters` in the order such keys are handed out).
 * A row naming a starter whose key or registration id contradicts it is a problem, never a move.
 */
export function planMatch(input: { rows: MatchRow[]; starters: KnownStarter[]; passcode?: string }): MatchPlan {
  const { rows, starters, passcode } = input;
  const problems: RowProblem[] = [];
  const problem = (line: number, field: string, message: string) => problems.push({ line, field, message });
  const withKey = starters.filter((s) => s.key !== null);
  // Only the indexes some row asks: at 100,000 starters each is megabytes.
  const byId = rows.some((row) => row.starterId) ? indexBy(starters, "id") : new Map<string, KnownStarter>();
  const byImportId = indexBy(withKey, "importId");
  const byKey = rows.some((row) => row.key) ? indexBy(withKey, "key") : new Map<string, KnownStarter>();
  const byNumber = indexBy(withKey, "startNumber");

  const target = new Map<MatchRow, KnownStarter>();
  const lineOfStarter = new Map<string, number>();
  const lineOfImportId = new Map<string, number>();
  const byNumberLater: MatchRow[] = [];
  const claim = (row: MatchRow, found: KnownStarter) => {
    target.set(row, found);
    const earlier = lineOfStarter.get(found.id);
    if (earlier !== undefined)
      problem(row.line, row.starterId ? "starterId" : "key", `the same participant as line ${earlier}`);
    else lineOfStarter.set(found.id, row.line);
  };
  for (const row of rows) {
    const { line, name, startNumber, importId, key, starterId } = row;
    if (!name) problem(line, "name", "the name is missing");
    else if (name.length > MAX_NAME_LENGTH)
      problem(line, "name", `the name is longer than ${MAX_NAME_LENGTH} characters`);
    else if (hasControlCharacters(name)) problem(line, "name", controlCharactersIn("the name"));
    if (startNumber && hasControlCharacters(startNumber))
      problem(line, "startNumber", controlCharactersIn("the start number"));
    else if (startNumber && startNumber.length > MAX_START_NUMBER_LENGTH)
      problem(line, "startNumber", `the start number is longer than ${MAX_START_NUMBER_LENGTH} characters`);
    if (importId && hasControlCharacters(importId)) problem(line, "importId", controlCharactersIn("the id"));
    else if (importId && importId.length > MAX_IMPORT_ID_LENGTH)
      problem(line, "importId", `the id is longer than ${MAX_IMPORT_ID_LENGTH} characters`);
    else if (importId) {
      const earlier = lineOfImportId.get(importId);
      if (earlier !== undefined) problem(line, "importId", `id ${importId} is also on line ${earlier}`);
      else lineOfImportId.set(importId, line);
    }

    let found: KnownStarter | undefined;
    if (starterId) {
      found = byId.get(starterId);
      if (!found) problem(line, "starterId", `no participant of this event has starter_id ${starterId}`);
      else if (!found.key)
        problem(line, "starterId", `starter_id ${starterId} joined with the passcode and has no key`);
    } else {
      found = (importId ? byImportId.get(importId) : undefined) ?? (key ? byKey.get(key) : undefined);
      if (!found && key) problem(line, "key", notOwnKeyReason(key, passcode));
      if (!found && !key && startNumber) byNumberLater.push(row);
    }
    if (!found?.key) continue;
    if (key && key !== found.key) {
      const whose = starterId ? `starter_id ${starterId}` : `id ${importId}`;
      problem(line, "key", `key ${key} is not the key of ${whose} (${found.key})`);
      continue;
    }
    if (importId && found.importId && importId !== found.importId) {
      problem(line, "importId", `key ${found.key} belongs to id ${found.importId}, not ${importId}`);
      continue;
    }
    claim(row, found);
  }
  // Then the weaker guess: the starter with the row's start number, unless another row named it or it has another id.
  for (const row of byNumberLater) {
    const found = byNumber.get(row.startNumber!);
    if (found && !lineOfStarter.has(found.id) && (!row.importId || !found.importId)) claim(row, found);
  }

  const after = (row: MatchRow): StarterFields => {
    const s = target.get(row);
    return {
      importId: row.importId ?? s?.importId ?? null,
      startNumber: row.startNumber ?? s?.startNumber ?? null,
      name: row.name ?? null,
    };
  };

  // Start numbers after the write: one participant each. Starters no row names keep theirs.
  const holders = new Map<string, KnownStarter>();
  for (const s of starters) if (s.startNumber !== null && !lineOfStarter.has(s.id)) holders.set(s.startNumber, s);
  const lineOfNumber = new Map<string, number>();
  for (const row of rows) {
    const number = after(row).startNumber;
    if (!number || hasControlCharacters(number)) continue;
    const earlier = lineOfNumber.get(number);
    if (earlier !== undefined) problem(row.line, "startNumber", `start number ${number} is also on line ${earlier}`);
    else lineOfNumber.set(number, row.line);
    const holder = holders.get(number);
    if (holder) problem(row.line, "startNumber", `start number ${number} is already given to ${holderOf(holder)}`);
  }

  // New participants take unused keys nobody has been given yet, in order, while rows without problems need them.
  const troubled = new Set(problems.map((p) => p.line));
  const newcomers = rows.filter((row) => !target.has(row) && !troubled.has(row.line));
  const free = withKey.filter((s) => !s.keyUsed && !hasData(s) && !lineOfStarter.has(s.id));
  const short = newcomers.length - free.length;
  const created: MatchedRow[] = [];
  newcomers.forEach((row, i) => {
    const slot = free[i];
    if (slot) created.push({ line: row.line, starterId: slot.id, key: slot.key!, ...after(row) });
    else
      problem(
        row.line,
        "key",
        `no unused key left for this participant: mint ${short} more ${short === 1 ? "key" : "keys"}`,
      );
  });

  const updated: UpdatedRow[] = [];
  const unchanged: MatchedRow[] = [];
  for (const row of rows) {
    const s = target.get(row);
    if (!s || troubled.has(row.line)) continue;
    const fields = after(row);
    const matched = { line: row.line, starterId: s.id, key: s.key!, ...fields };
    const changes = FIELDS.filter((f) => fields[f] !== s[f]).map((field) => ({
      field,
      from: s[field],
      to: fields[field],
    }));
    if (changes.length) updated.push({ ...matched, changes });
    else unchanged.push(matched);
  }
  const missing = withKey.filter((s) => hasData(s) && !lineOfStarter.has(s.id));
  return { created, updated, unchanged, missing, problems: problems.sort((a, b) => a.line - b.line) };
}
