import { and, eq, ne, sql } from "drizzle-orm";
import { preparesStatements, type Db } from "@/db/client";
import { codes, events, starters, type Event, type Starter } from "@/db/schema";

/** What the pages and the API show of an event (no organiser, no passcode), its branding, and the app its links hand over to. */
export type FoundEvent = Pick<
  Event,
  | "id"
  | "name"
  | "slug"
  | "startsAt"
  | "endsAt"
  | "app"
  | "accentColor"
  | "description"
  | "logoHash"
  | "logoWidth"
  | "logoHeight"
>;
export type FoundStarter = Pick<Starter, "id" | "startNumber" | "name" | "keyUsed">;

export interface FoundCode {
  kind: "key" | "passcode";
  event: FoundEvent;
  /** The starter slot of a personal key; undefined for a passcode. */
  starter?: FoundStarter;
}

function findCodeStatement(db: Db) {
  const query = db
    .select({
      kind: codes.kind,
      event: {
        id: events.id,
        name: events.name,
        slug: events.slug,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        app: events.app,
        // The landing page's branding: the logo by its version and size, never its bytes.
        accentColor: events.accentColor,
        description: events.description,
        logoHash: events.logoHash,
        logoWidth: events.logoWidth,
        logoHeight: events.logoHeight,
      },
      starter: { id: starters.id, startNumber: starters.startNumber, name: starters.name, keyUsed: starters.keyUsed },
    })
    .from(codes)
    .innerJoin(events, eq(events.id, codes.eventId))
    .leftJoin(starters, eq(starters.key, codes.code))
    .where(and(eq(codes.code, sql.placeholder("code")), ne(codes.kind, "retired")));
  // Named, it stays prepared on each connection; without a name it is parsed every time, as a
  // handle behind PgBouncer in transaction mode needs.
  return preparesStatements(db) ? query.prepare("find_code") : query;
}

/**
 * Built once per database handle: this read runs for every landing page, resolve and redeem, and
 * building it with drizzle's query builder costs more CPU than PostgreSQL spends answering it.
 */
const findCodeStatements = new WeakMap<Db, ReturnType<typeof findCodeStatement>>();

/**
 * The database read of a key lookup (without limits: see `lookUpKey`): what a normalised key or
 * passcode belongs to, in one query over the shared namespace. A retired passcode is not found.
 * Read-only: finding never marks anything as used.
 */
export async function findCode(db: Db, code: string): Promise<FoundCode | undefined> {
  let statement = findCodeStatements.get(db);
  if (!statement) findCodeStatements.set(db, (statement = findCodeStatement(db)));
  const [row] = await statement.execute({ code });
  if (!row) return undefined;
  if (row.kind === "passcode") return { kind: "passcode", event: row.event };
  if (!row.starter) return undefined;
  return { kind: "key", event: row.event, starter: row.starter };
}
