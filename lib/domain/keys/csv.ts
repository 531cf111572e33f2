export type CsvDelimiter = "," | ";";

/**
 * One CSV cell per RFC 4180. A cell a spreadsheet would run as a formula (starting with = + - @,
 * tab or carriage return) gets a leading apostrophe, OWASP's advice against CSV injection.
 */
export function csvCell(value: string | number | boolean | null | undefined, delimiter: CsvDelimiter): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (text.includes(delimiter) || /["\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export const csvRow = (cells: Array<string | number | boolean | null | undefined>, delimiter: CsvDelimiter): string =>
  `${cells.map((cell) => csvCell(cell, delimiter)).join(delimiter)}\r\n`;
