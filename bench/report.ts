/**
 * BENCHMARKS.md, written here and nowhere else, so every figure in it comes from a run: a full run
 * replaces the file; a run of named scenarios replaces (or adds) its own section after the full
 * run's, so a re-measured scenario is reported beside the last full run until the next one.
 */
import { machineFacts, table, type Row } from "./harness";
import type { Scenario } from "./scenario";

export const REPORT_FILE = "BENCHMARKS.md";

const TITLE = "# Benchmarks";

/** One run: the machine, the table, and what each scenario measures (the scenarios' own words). */
export function runReport(database: string, loadAtStart: number[], scenarios: Scenario[], rows: Row[]): string {
  const measured = scenarios.map((s) => `- \`${s.name}\`: ${s.description}`).join("\n");
  return `${machineFacts(database, loadAtStart)}\n\n${table(rows)}\n\n${measured}\n`;
}

export function fullReport(run: string): string {
  return (
    `${TITLE}\n\nWritten by \`npm run bench\`; ratios compare with the baseline of the same run. A run of ` +
    `named scenarios adds its own section below, until the next full run.\n\n${run}`
  );
}

/** The report with the section of `npm run bench -- <names>` replaced by this run, or added last. */
export function withPartialRun(previous: string, names: string[], run: string): string {
  const heading = `## \`npm run bench -- ${names.join(" ")}\``;
  const sections = (previous.trim() ? previous : TITLE).split(/\n(?=## )/).map((section) => section.trimEnd());
  const kept = sections.filter((section) => section.split("\n", 1)[0] !== heading);
  return `${[...kept, `${heading}\n\n${run}`.trimEnd()].join("\n\n")}\n`;
}
