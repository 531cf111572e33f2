import { and, asc, eq, gt, gte, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { starters } from "@/db/schema";
import { csvRow } from "@/lib/domain/keys/csv";
import { isoInTimeZone } from "@/lib/platform/time/time-zone";
import { toStarter, type StarterListQuery, type StarterOutput, type StarterRow } from "./schemas";

export const starterColumns = {
  id: starters.id,
  seq: starters.seq,
  importId: starters.importId,
  key: starters.key,
  keyUsed: starters.keyUsed,
  startNumber: starters.startNumber,
  name: starters.name,
  redeemedAt: starters.redeemedAt,
  updatedAt: starters.updatedAt,
};

type Filter = Pick<StarterListQuery, "importId" | "startNumber" | "keyUsed" | "updatedSince">;

function conditions(eventId: string, filter: Filter): SQL[] {
  const where: SQL[] = [eq(starters.eventId, eventId)];
  if (filter.importId !== undefined) where.push(eq(starters.importId, filter.importId));
  if (filter.startNumber !== undefined) where.push(eq(starters.startNumber, filter.startNumber));
  if (filter.keyUsed !== undefined) where.push(eq(starters.keyUsed, filter.keyUsed));
  if (filter.updatedSince !== undefined) where.push(gte(starters.updatedAt, filter.updatedSince));
  return where;
}

/**
 * One page of an event's starters in creation order: keyset paging on `seq` with the last
 * starter's id as the opaque cursor (as the dashboard's keys table), so page 1,000 costs what page
 * 1 does and `seq` stays inside. A cursor of another event matches nothing: an empty page.
 */
export async function starterPage(
  db: Queryable,
  eventId: string,
  query: Filter & { cursor?: string; limit: number },
  publicUrl: string,
): Promise<{ starters: StarterOutput[]; nextCursor: string | null }> {
  const where = conditions(eventId, query);
  if (query.cursor) {
    where.push(
      gt(
        starters.seq,
        sql`(select ${starters.seq} from ${starters} where ${starters.id} = ${query.cursor} and ${starters.eventId} = ${eventId})`,
      ),
    );
  }
  const rows = await db
    .select(starterColumns)
    .from(starters)
    .where(and(...where))
    .orderBy(asc(starters.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    starters: page.map((row) => toStarter(row, publicUrl)),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

const PAGE_SIZE = 2000;
export const STARTER_CSV_COLUMNS = [
  "id",
  "importId",
  "key",
  "keyUsed",
  "startNumber",
  "name",
  "link",
  "qrCodeUrl",
  "redeemedAt",
  "updatedAt",
] as const;

/**
 * The filtered starters as CSV text chunks, one per page of PAGE_SIZE read only when the client
 * has taken the last; times in `timeZone` with their offset, as the key exports.
 */
export async function* starterCsv(
  db: Queryable,
  eventId: string,
  filter: Filter,
  { publicUrl, timeZone }: { publicUrl: string; timeZone: string },
): AsyncGenerator<string> {
  const time = isoInTimeZone(timeZone);
  yield csvRow([...STARTER_CSV_COLUMNS], ",");
  let after = 0;
  for (;;) {
    const page: Array<StarterRow & { seq: number }> = await db
      .select(starterColumns)
      .from(starters)
      .where(and(...conditions(eventId, filter), gt(starters.seq, after)))
      .orderBy(asc(starters.seq))
      .limit(PAGE_SIZE);
    if (page.length) {
      yield page
        .map((row) => {
          const s = toStarter(row, publicUrl);
          const redeemedAt = row.redeemedAt && time(row.redeemedAt);
          return csvRow(
            [
              s.id,
              s.importId,
              s.key,
              s.keyUsed,
              s.startNumber,
              s.name,
              s.link,
              s.qrCodeUrl,
              redeemedAt,
              time(row.updatedAt),
            ],
            ",",
          );
        })
        .join("");
    }
    if (page.length < PAGE_SIZE) return;
    after = page.at(-1)!.seq;
  }
}
