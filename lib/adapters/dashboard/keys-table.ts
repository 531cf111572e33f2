import { and, asc, count, desc, eq, gt, isNotNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { starters } from "@/db/schema";
import { foldedForSearch } from "@/db/search-text";
import { starterKeyColumns } from "@/lib/domain/keys/list";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

export const KEYS_PAGE_SIZE = 50;

export type KeyStatusFilter = "all" | "used" | "unused";

/** A query-string value: Next.js gives arrays for repeated parameters; the first one counts. */
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The keys table's URL state; anything malformed falls back to the default instead of failing the page. */
export const keysTableQuerySchema = z.object({
  q: z.preprocess(first, z.string().trim().max(100).catch("")).default(""),
  status: z.preprocess(first, z.enum(["all", "used", "unused"]).catch("all")).default("all"),
  after: z.preprocess(first, z.uuid().optional().catch(undefined)),
  before: z.preprocess(first, z.uuid().optional().catch(undefined)),
  /** "last": the final page, reached without walking through the others. */
  page: z.preprocess(first, z.enum(["last"]).optional().catch(undefined)),
});
export type KeysTableQuery = z.output<typeof keysTableQuerySchema>;

/**
 * What is wrong with a search, if anything. A search with control characters is not run: it could
 * match nothing anyway, and PostgreSQL refuses text with NUL.
 */
export const searchProblem = (q: string): string | undefined =>
  hasControlCharacters(q)
    ? "The search must not contain control characters (such as tabs or invisible characters)."
    : undefined;

export interface KeyRow {
  id: string;
  key: string;
  keyUsed: boolean;
  startNumber: string | null;
  name: string | null;
  createdAt: Date;
  redeemedAt: Date | null;
  /** Connected to a phone now, so it can be released. */
  bound: boolean;
}

export interface KeysPage {
  rows: KeyRow[];
  /** Keys matching the filter, on all pages. */
  total: number;
  /** 1-based position of the first row among the matching keys (0 when the page is empty). */
  firstPosition: number;
  /** Cursors (starter ids) for the neighbouring pages; undefined at either end. */
  previousCursor?: string;
  nextCursor?: string;
}

/** The table's columns; `key` typed as present, since the table lists minted keys only. */
export const keyRowColumns = {
  ...starterKeyColumns,
  key: sql<string>`${starters.key}`,
  bound: sql<boolean>`${starters.deviceId} is not null`,
};

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search matches a key by its beginning (case-insensitive), a start number exactly, or any part of
 * a name, ignoring case and accents ("muller" and "mueller" find "Müller"). Every condition starts
 * with the event, so the (event_id, seq) index bounds the work.
 */
export function keysFilter(eventId: string, query: Pick<KeysTableQuery, "q" | "status">): SQL {
  const conditions: SQL[] = [eq(starters.eventId, eventId), isNotNull(starters.key)];
  if (query.status !== "all") conditions.push(eq(starters.keyUsed, query.status === "used"));
  const q = query.q.trim();
  if (q) {
    const pattern = escapeLike(q);
    conditions.push(
      or(
        like(starters.key, `${pattern.toUpperCase()}%`),
        eq(starters.startNumber, q),
        like(starters.nameSearch, sql`'%' || ${foldedForSearch(sql`${pattern}`)} || '%'`),
      )!,
    );
  }
  return and(...conditions)!;
}

/**
 * One page of an event's keys in creation order, paged by keyset on `seq` with starter ids as
 * cursors: each page costs the same at key 100,000 as at key 1, and the internal `seq` never
 * leaves the server. The caller has checked that the event is the organiser's.
 */
export async function keysTablePage(
  db: Queryable,
  eventId: string,
  query: KeysTableQuery,
  pageSize = KEYS_PAGE_SIZE,
): Promise<KeysPage> {
  const filter = keysFilter(eventId, query);
  // A cursor of another event (or a deleted key) matches nothing: the page is empty, not someone else's.
  const seqOf = (starterId: string) =>
    sql`(select ${starters.seq} from ${starters} where ${starters.id} = ${starterId} and ${starters.eventId} = ${eventId})`;

  const backwards = Boolean(query.before) || query.page === "last";
  const cursor = query.before
    ? lt(starters.seq, seqOf(query.before))
    : query.after
      ? gt(starters.seq, seqOf(query.after))
      : undefined;
  const fetched = await db
    .select(keyRowColumns)
    .from(starters)
    .where(cursor ? and(filter, cursor) : filter)
    .orderBy(backwards ? desc(starters.seq) : asc(starters.seq))
    .limit(pageSize + 1);
  const more = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (backwards) page.reverse();

  const firstSeq = page[0]?.seq;
  const lastSeq = page.at(-1)?.seq;
  const [counts] = await db
    .select({
      total: count(),
      before: sql<number>`count(*) filter (where ${starters.seq} < ${firstSeq ?? 0})`.mapWith(Number),
      after: sql<number>`count(*) filter (where ${starters.seq} > ${lastSeq ?? 0})`.mapWith(Number),
    })
    .from(starters)
    .where(filter);
  const hasPrevious = backwards ? more : firstSeq !== undefined && counts!.before > 0;
  const hasNext = backwards ? lastSeq !== undefined && counts!.after > 0 : more;

  return {
    rows: page.map(({ seq: _seq, ...row }) => row),
    total: counts!.total,
    firstPosition: page.length ? counts!.before + 1 : 0,
    previousCursor: hasPrevious ? page[0]!.id : undefined,
    nextCursor: hasNext ? page.at(-1)!.id : undefined,
  };
}
