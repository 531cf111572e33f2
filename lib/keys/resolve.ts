import { and, eq, ne } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { codes, events, starters, type Event, type Starter } from "@/db/schema";

export interface ResolvedCode {
  kind: "key" | "passcode";
  event: Event;
  /** The starter slot of a personal key; undefined for a passcode. */
  starter?: Starter;
}

/**
 * What a normalised key or passcode belongs to, in one query over the shared namespace. Retired
 * passcodes resolve to nothing. Read-only: resolving never marks anything as used.
 */
export async function resolveCode(db: Queryable, code: string): Promise<ResolvedCode | undefined> {
  const [row] = await db
    .select({ kind: codes.kind, event: events, starter: starters })
    .from(codes)
    .innerJoin(events, eq(events.id, codes.eventId))
    .leftJoin(starters, eq(starters.key, codes.code))
    .where(and(eq(codes.code, code), ne(codes.kind, "retired")));
  if (!row) return undefined;
  if (row.kind === "passcode") return { kind: "passcode", event: row.event };
  if (!row.starter) return undefined;
  return { kind: "key", event: row.event, starter: row.starter };
}
