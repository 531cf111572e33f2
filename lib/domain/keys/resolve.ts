import { and, eq, ne, sql } from "drizzle-orm";
import { preparesStatements, type Db } from "@/db/client";
import { codes, events, starters, type Event, type Starter } from "@/db/schema";

/** What the pages and the API show of an event: no organiser, no passcode. */
export type ResolvedEvent = Pick<Event, "id" | "name" | "slug" | "startsAt" | "endsAt">;
export type ResolvedStarter = Pick<Starter, "id" | "startNumber" | "name" | "keyUsed">;

export interface ResolvedCode {
  kind: "key" | "passcode";
  event: ResolvedEvent;
  /** The starter slot of a personal key; undefined for a passcode. */
  starter?: ResolvedStarter;
}

function resolveStatement(db: Db) {
  const query = db
    .select({
      kind: codes.kind,
      event: { id: events.id, name: events.name, slug: events.slug, startsAt: events.startsAt, endsAt: events.endsAt },
      starter: { id: starters.id, startNumber: starters.startNumber, name: starters.name, keyUsed: starters.keyUsed },
    })
    .from(codes)
    .innerJoin(events, eq(events.id, codes.eventId))
    .leftJoin(starters, eq(starters.key, codes.code))
    .where(and(eq(codes.code, sql.placeholder("code")), ne(codes.kind, "retired")));
  // Named, it stays prepared on each connection; without a name it is parsed every time, as a
  // handle behind PgBouncer in transaction mode needs.
  return preparesStatements(db) ? query.prepare("resolve_code") : query;
}

/**
 * Built once per database handle: this lookup runs for every landing page, resolve and redeem, and
 * building it with drizzle's query builder costs more CPU than PostgreSQL spends answering it.
 */
const resolveStatements = new WeakMap<Db, ReturnType<typeof resolveStatement>>();

/**
 * What a normalised key or passcode belongs to, in one query over the shared namespace. Retired
 * passcodes resolve to nothing. Read-only: resolving never marks anything as used.
 */
export async function resolveCode(db: Db, code: string): Promise<ResolvedCode | undefined> {
  let resolve = resolveStatements.get(db);
  if (!resolve) resolveStatements.set(db, (resolve = resolveStatement(db)));
  const [row] = await resolve.execute({ code });
  if (!row) return undefined;
  if (row.kind === "passcode") return { kind: "passcode", event: row.event };
  if (!row.starter) return undefined;
  return { kind: "key", event: row.event, starter: row.starter };
}
