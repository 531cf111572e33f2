import type { Queryable } from "@/db/client";
import { isoInTimeZone } from "@/lib/platform/time/time-zone";
import { csvRow, type CsvDelimiter } from "./csv";
import { starterKeyPages, type StarterKeyFilter } from "./list";
import { toStarterKey, type StarterKeyRow } from "./schemas";

/** The key first: the column people look for, and the one Excel shows when the sheet is narrow. */
export const CSV_COLUMNS = [
  "key",
  "starter_id",
  "link",
  "qrCodeUrl",
  "startNumber",
  "name",
  "keyUsed",
  "redeemedAt",
  "createdAt",
] as const;

/**
 * Text chunks of an export, one per page of keys; the caller streams them. The semicolon CSV is
 * the one German Excel opens with a double click: it starts with a UTF-8 byte order mark, without
 * which Excel reads "Jürgen" as "JÃ¼rgen". CSV times are local times of `timeZone` with their
 * offset; JSON keeps UTC.
 */
export async function* exportStarterKeys(
  db: Queryable,
  eventId: string,
  options: {
    format: "json" | "csv";
    delimiter: CsvDelimiter;
    filter: StarterKeyFilter;
    publicUrl: string;
    timeZone: string;
  },
): AsyncGenerator<string> {
  const { format, delimiter, publicUrl } = options;
  const time = isoInTimeZone(options.timeZone);
  const csvCells = (row: StarterKeyRow) => {
    const k = toStarterKey(row, publicUrl);
    const redeemedAt = row.redeemedAt && time(row.redeemedAt);
    return [k.key, k.id, k.link, k.qrCodeUrl, k.startNumber, k.name, k.keyUsed, redeemedAt, time(row.createdAt)];
  };
  if (format === "csv") yield (delimiter === ";" ? "\uFEFF" : "") + csvRow([...CSV_COLUMNS], delimiter);
  else yield "[";
  let first = true;
  for await (const page of starterKeyPages(db, eventId, options.filter)) {
    if (format === "csv") {
      yield page.map((row) => csvRow(csvCells(row), delimiter)).join("");
    } else {
      const keys = page.map((row) => toStarterKey(row, publicUrl));
      yield (first ? "" : ",") + keys.map((k) => JSON.stringify(k)).join(",");
      first = false;
    }
  }
  if (format === "json") yield "]";
}
