import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { pgErrorCode, UNIQUE_VIOLATION, type Db, type Queryable } from "@/db/client";
import { codes, events, type Event } from "@/db/schema";
import { randomCode } from "@/lib/domain/keys/code";
import { ApiError, notFound } from "@/lib/adapters/http/errors";
import type { CreateEventInput, UpdateEventInput } from "./schemas";

const slugTaken = () => new ApiError(409, "conflict", "that slug is taken; choose another");

/** A slug from the name: "Zoë's 10 km Run!" → "zoes-10-km-run". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug.length >= 2 ? slug : "event";
}

/**
 * Reserves a fresh passcode in the shared namespace. The insert is the uniqueness check: a
 * collision with any key or passcode fails on the primary key and another code is drawn.
 */
async function reservePasscode(tx: Queryable, eventId: string): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = randomCode();
    const rows = await tx
      .insert(codes)
      .values({ code, eventId, kind: "passcode" })
      .onConflictDoNothing()
      .returning({ code: codes.code });
    if (rows.length) return code;
  }
  throw new Error("could not draw a free passcode in 10 attempts");
}

export async function createEvent(db: Db, organiserId: string, input: CreateEventInput): Promise<Event> {
  const explicitSlug = input.slug;
  for (let attempt = 0; ; attempt++) {
    const slug = explicitSlug ?? (attempt === 0 ? slugify(input.name) : `${slugify(input.name)}-${randomBytes(3).toString("hex")}`);
    try {
      return await db.transaction(async (tx) => {
        const id = crypto.randomUUID();
        const passcode = await reservePasscode(tx, id);
        const [event] = await tx
          .insert(events)
          .values({ id, organiserId, name: input.name, slug, passcode, startsAt: input.startsAt, endsAt: input.endsAt })
          .returning();
        return event!;
      });
    } catch (error) {
      if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      if (explicitSlug || attempt >= 5) throw slugTaken();
    }
  }
}

export function listEvents(db: Queryable, organiserId: string): Promise<Event[]> {
  return db.select().from(events).where(eq(events.organiserId, organiserId)).orderBy(desc(events.createdAt));
}

/**
 * The organiser's event; another organiser's event is "not found" as well, to reveal nothing.
 * With `lock`, the row stays locked (FOR UPDATE) until the caller's transaction ends.
 */
export async function getOwnEvent(db: Queryable, organiserId: string, eventId: string, { lock = false } = {}): Promise<Event> {
  const query = db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.organiserId, organiserId)));
  const [event] = await (lock ? query.for("update") : query);
  if (!event) throw notFound("event");
  return event;
}

export async function updateEvent(
  db: Queryable,
  organiserId: string,
  eventId: string,
  input: UpdateEventInput,
): Promise<Event> {
  const current = await getOwnEvent(db, organiserId, eventId);
  const startsAt = input.startsAt === undefined ? current.startsAt : input.startsAt;
  const endsAt = input.endsAt === undefined ? current.endsAt : input.endsAt;
  if (startsAt && endsAt && endsAt < startsAt) {
    throw new ApiError(400, "invalid_request", "endsAt must not be before startsAt", [
      { path: "endsAt", message: "must not be before startsAt" },
    ]);
  }
  try {
    const [event] = await db
      .update(events)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(events.id, eventId), eq(events.organiserId, organiserId)))
      .returning();
    if (!event) throw notFound("event");
    return event;
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw slugTaken();
    throw error;
  }
}

/**
 * Replaces the passcode; the old one stays reserved ("retired") and no longer resolves. The event
 * row is locked first, so concurrent calls run one after another and each retires the passcode the
 * one before it set: without the lock, two calls both retired the same old passcode and the one
 * set in between stayed valid.
 */
export async function regeneratePasscode(db: Db, organiserId: string, eventId: string): Promise<Event> {
  return db.transaction(async (tx) => {
    const current = await getOwnEvent(tx, organiserId, eventId, { lock: true });
    const passcode = await reservePasscode(tx, eventId);
    const [event] = await tx
      .update(events)
      .set({ passcode, updatedAt: sql`now()` })
      .where(eq(events.id, eventId))
      .returning();
    await tx.update(codes).set({ kind: "retired" }).where(eq(codes.code, current.passcode));
    return event!;
  });
}
