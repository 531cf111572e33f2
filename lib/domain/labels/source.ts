import { and, asc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { starters } from "@/db/schema";
import { starterKeyColumns } from "@/lib/domain/keys/list";
import { keyLink, type Participant } from "@/lib/domain/links";
import type { ErrorCorrection } from "@/lib/domain/qr/mask";
import type { LabelData } from "./pdf";

/**
 * Longest link a label's code carries, per error correction level: the bytes a version 9 code (53
 * modules) holds at that level, which every layout prints with modules of at least 1/3 mm
 * (layouts.test.ts). A longer link (a name of 60 accented letters) leaves out the name, then the
 * start number: the app gets both from the server when the key is redeemed anyway.
 */
export const MAX_LABEL_LINK_LENGTHS: Record<ErrorCorrection, number> = { L: 230, M: 180, Q: 130, H: 100 };

/** The key link with the participant's start number and name, as long as it stays printable. */
export function labelLink(
  publicUrl: string,
  key: string,
  participant: Participant,
  ecc: ErrorCorrection = "M",
): string {
  for (const candidate of [participant, { startNumber: participant.startNumber }]) {
    const link = keyLink(publicUrl, key, candidate);
    if (link.length <= MAX_LABEL_LINK_LENGTHS[ecc]) return link;
  }
  return keyLink(publicUrl, key);
}

export const LABEL_SORTS = ["startNumber", "name", "key"] as const;
export type LabelSort = (typeof LABEL_SORTS)[number];

/** Which labels, in which order: `from`/`to` bound numeric start numbers, inclusive. */
export interface LabelSelection {
  used?: boolean;
  sort?: LabelSort;
  from?: number;
  to?: number;
  ecc?: ErrorCorrection;
}

const NUMERIC = sql`${starters.startNumber} ~ '^[0-9]+$'`;
/** A start number's value where it is all digits, else null; CASE keeps the cast from other text. */
const startNumberValue = sql`case when ${NUMERIC} then ${starters.startNumber}::numeric end`;

/** One part of a sort order, with its SQL type for the keyset comparison's parameters. */
type SortPart = { expression: SQL; type: "int" | "numeric" | "text" | "bigint" };

/**
 * Sort orders as keys of expressions, each ending in a unique column so that keyset paging never
 * skips or repeats a label. Start numbers: numbers by value (2 before 10, "007" beside 7), then
 * other text, then none. Names: alphabetical, case aside, then none.
 */
const SORT_ORDERS: Record<LabelSort, SortPart[]> = {
  startNumber: [
    {
      expression: sql`case when ${NUMERIC} then 0 when coalesce(${starters.startNumber}, '') = '' then 2 else 1 end`,
      type: "int",
    },
    { expression: sql`coalesce(${startNumberValue}, 0)`, type: "numeric" },
    { expression: sql`coalesce(${starters.startNumber}, '')`, type: "text" },
    { expression: sql`${starters.seq}`, type: "bigint" },
  ],
  name: [
    { expression: sql`case when coalesce(${starters.name}, '') = '' then 1 else 0 end`, type: "int" },
    { expression: sql`lower(coalesce(${starters.name}, ''))`, type: "text" },
    { expression: sql`${starters.seq}`, type: "bigint" },
  ],
  key: [{ expression: sql`${starters.key}`, type: "text" }],
};

const PAGE_SIZE = 2000;

/** The keys a selection prints: the event's, used or not, within the start number range. */
function labelConditions(eventId: string, selection: LabelSelection): SQL[] {
  const conditions: SQL[] = [eq(starters.eventId, eventId), isNotNull(starters.key)];
  if (selection.used !== undefined) conditions.push(eq(starters.keyUsed, selection.used));
  if (selection.from !== undefined) conditions.push(sql`${startNumberValue} >= ${selection.from}`);
  if (selection.to !== undefined) conditions.push(sql`${startNumberValue} <= ${selection.to}`);
  return conditions;
}

/** How many labels `starterKeyLabels` yields for the selection (the dashboard's sheet count). */
export async function countLabels(db: Queryable, eventId: string, selection: LabelSelection): Promise<number> {
  const [row] = await db
    .select({ labels: sql<number>`count(*)::int` })
    .from(starters)
    .where(and(...labelConditions(eventId, selection)));
  return row?.labels ?? 0;
}

/**
 * An event's keys as labels in the chosen order (start number by default: without start numbers
 * that is creation order), read page by page with keyset paging on the sort key, so 100,000 labels
 * never sit in memory at once.
 */
export async function* starterKeyLabels(
  db: Queryable,
  eventId: string,
  selection: LabelSelection,
  publicUrl: string,
): AsyncGenerator<LabelData> {
  const order = SORT_ORDERS[selection.sort ?? "startNumber"];
  const sortKey = Object.fromEntries(order.map((part, i) => [`k${i}`, sql<string>`${part.expression}`.as(`k${i}`)]));
  const conditions = labelConditions(eventId, selection);
  let after: SQL | undefined;
  for (;;) {
    const page = await db
      .select({ ...starterKeyColumns, ...sortKey })
      .from(starters)
      .where(and(...conditions, after))
      .orderBy(...order.map((part) => asc(part.expression)))
      .limit(PAGE_SIZE);
    for (const row of page) {
      const key = row.key ?? "";
      yield { key, link: labelLink(publicUrl, key, row, selection.ecc), name: row.name, startNumber: row.startNumber };
    }
    if (page.length < PAGE_SIZE) return;
    const last = page[page.length - 1]! as Record<string, unknown>;
    const values = order.map((part, i) => sql`${String(last[`k${i}`])}::${sql.raw(part.type)}`);
    after = sql`(${sql.join(
      order.map((part) => part.expression),
      sql`, `,
    )}) > (${sql.join(values, sql`, `)})`;
  }
}
