import { csvRow, type CsvDelimiter } from "@/lib/domain/keys/csv";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";
import { HEADER_NAMES, headerToken, type ParsedParticipants } from "./csv";
import type { MatchedRow } from "./match";

/** The columns the merged CSV adds, and the header names under which an upload may have them already. */
const ADDED_COLUMNS: Array<[string, string[]]> = [
  ["key", HEADER_NAMES.key],
  ["link", ["link", "keylink"]],
  ["qrCodeUrl", ["qrcodeurl"]],
];

/**
 * The uploaded list for the registration platform's email merge: every column of the upload in
 * its order (E-Mail, club, …), then key, key link and QR image URL (both carrying start number and
 * name, so the app fills them in). A re-uploaded merged list gets its own key, link and QR columns
 * refilled rather than added twice. One row per saved participant, in file order; same delimiter as
 * the upload; cells neutralised against formulas.
 */
export function mergedCsv(
  list: Pick<ParsedParticipants, "header" | "rows">,
  saved: MatchedRow[],
  options: { delimiter: CsvDelimiter; publicUrl: string },
): string {
  const { delimiter, publicUrl } = options;
  const tokens = list.header.map(headerToken);
  const header = [...list.header];
  const at = ADDED_COLUMNS.map(([name, known]) => {
    const index = tokens.findIndex((token) => known.includes(token));
    return index >= 0 ? index : header.push(name) - 1;
  });
  const byLine = new Map(saved.map((row) => [row.line, row]));
  let csv = csvRow(header, delimiter);
  for (const row of list.rows) {
    const participant = byLine.get(row.line);
    if (!participant) continue;
    const { key, name, startNumber } = participant;
    const cells = [...row.cells, ...Array<string>(Math.max(0, header.length - row.cells.length)).fill("")];
    const added = [
      key,
      keyLink(publicUrl, key, { name, startNumber }),
      qrCodeUrl(publicUrl, key, { name, startNumber }),
    ];
    at.forEach((index, i) => (cells[index] = added[i]!));
    csv += csvRow(cells, delimiter);
  }
  return csv;
}
