import type { Queryable } from "@/db/client";
import { csvRow, type CsvDelimiter } from "./csv";
import { starterKeyPages, type StarterKeyFilter } from "./list";
import { toStarterKey, type StarterKey } from "./schemas";

export const CSV_COLUMNS = [
  "starter_id",
  "key",
  "link",
  "qrCodeUrl",
  "startNumber",
  "name",
  "keyUsed",
  "redeemedAt",
  "createdAt",
] as const;

const csvCells = (k: StarterKey) => [
  k.id,
  k.key,
  k.link,
  k.qrCodeUrl,
  k.startNumber,
  k.name,
  k.keyUsed,
  k.redeemedAt,
  k.createdAt,
];

/** Text chunks of an export, one per page of keys; the caller streams them. */
export async function* exportStarterKeys(
  db: Queryable,
  eventId: string,
  options: { format: "json" | "csv"; delimiter: CsvDelimiter; filter: StarterKeyFilter; publicUrl: string },
): AsyncGenerator<string> {
  const { format, delimiter, publicUrl } = options;
  if (format === "csv") yield csvRow([...CSV_COLUMNS], delimiter);
  else yield "[";
  let first = true;
  for await (const page of starterKeyPages(db, eventId, options.filter)) {
    const keys = page.map((row) => toStarterKey(row, publicUrl));
    if (format === "csv") {
      yield keys.map((k) => csvRow(csvCells(k), delimiter)).join("");
    } else {
      yield (first ? "" : ",") + keys.map((k) => JSON.stringify(k)).join(",");
      first = false;
    }
  }
  if (format === "json") yield "]";
}
