import { csvRow, type CsvDelimiter } from "@/lib/domain/keys/csv";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";
import type { MergeAssignment } from "./merge";

export const MERGED_CSV_COLUMNS = ["name", "startNumber", "key", "link", "qrCodeUrl"] as const;

/**
 * The merged participant list for the registration platform's email merge: one row per merged
 * participant with their key, key link and QR image URL (both carrying start number and name, so
 * the app fills them in). Same delimiter as the upload; cells neutralised against formulas.
 */
export function mergedCsv(
  assignments: MergeAssignment[],
  options: { delimiter: CsvDelimiter; publicUrl: string },
): string {
  const { delimiter, publicUrl } = options;
  let csv = csvRow([...MERGED_CSV_COLUMNS], delimiter);
  for (const { name, startNumber, key } of assignments) {
    const participant = { name, startNumber };
    csv += csvRow(
      [name, startNumber, key, keyLink(publicUrl, key, participant), qrCodeUrl(publicUrl, key, participant)],
      delimiter,
    );
  }
  return csv;
}
