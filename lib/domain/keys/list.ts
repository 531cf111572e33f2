import { and, asc, eq, gt, isNotNull, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { starters } from "@/db/schema";
import type { StarterKeyRow } from "./schemas";

export const starterKeyColumns = {
  id: starters.id,
  seq: starters.seq,
  eventId: starters.eventId,
  key: starters.key,
  keyUsed: starters.keyUsed,
  startNumber: starters.startNumber,
  name: starters.name,
  createdAt: starters.createdAt,
  redeemedAt: starters.redeemedAt,
};

export interface StarterKeyFilter {
  used?: boolean;
}

const PAGE_SIZE = 2000;

/**
 * An event's starter keys in creation order, fetched page by page (keyset paging on `seq`), so an
 * export of 100,000 keys never holds more than one page in memory.
 */
export async function* starterKeyPages(
  db: Queryable,
  eventId: string,
  filter: StarterKeyFilter = {},
): AsyncGenerator<StarterKeyRow[]> {
  let after = 0;
  for (;;) {
    const conditions: SQL[] = [eq(starters.eventId, eventId), isNotNull(starters.key), gt(starters.seq, after)];
    if (filter.used !== undefined) conditions.push(eq(starters.keyUsed, filter.used));
    const page = await db
      .select(starterKeyColumns)
      .from(starters)
      .where(and(...conditions))
      .orderBy(asc(starters.seq))
      .limit(PAGE_SIZE);
    if (page.length) yield page;
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1]!.seq;
  }
}
