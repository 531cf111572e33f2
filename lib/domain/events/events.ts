import { randomBytes } from "node:crypto";
import slugifyText from "@sindresorhus/slugify";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { pgErrorCode, UNIQUE_VIOLATION, type Db, type Queryable } from "@/db/client";
import { codes, events, type Event } from "@/db/schema";
import { randomCode } from "@/lib/domain/keys/code";
import { listableEvents, type Principal } from "@/lib/domain/access";
import { forgetEventApps } from "@/lib/domain/apps/event-apps";
import { DomainError, notFound } from "@/lib/domain/errors";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import type { CreateEventInput, UpdateEventInput } from "./schemas";

const slugTaken = () => new DomainError("conflict", "that slug is taken; choose another");

/**
 * A slug from the name, transliterated (@sindresorhus/slugify, German rules for umlauts):
 * "Stadtlauf Münster" → "stadtlauf-muenster", "Zoë's 10 km Run!" → "zoes-10-km-run". Not split at
 * capitals ("MÜNSTER" stays one word); a name without letters or digits (e.g. "東京") gets "event".
 */
export function slugify(name: string): string {
  const slug = slugifyText(name, { decamelize: false }).slice(0, 48).replace(/-+$/, "");
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

export async function createEvent(db: Db, organisationId: string, input: CreateEventInput): Promise<Event> {
  const explicitSlug = input.slug;
  for (let attempt = 0; ; attempt++) {
    const slug =
      explicitSlug ??
      (attempt === 0 ? slugify(input.name) : `${slugify(input.name)}-${randomBytes(3).toString("hex")}`);
    try {
      return await db.transaction(async (tx) => {
        const id = crypto.randomUUID();
        const passcode = await reservePasscode(tx, id);
        const [event] = await tx
          .insert(events)
          .values({
            id,
            organisationId,
            name: input.name,
            slug,
            passcode,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
          })
          .returning();
        return event!;
      });
    } catch (error) {
      if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      if (explicitSlug || attempt >= 5) throw slugTaken();
    }
  }
}

/** The principal's events, newest first: the archived ones, or the others. */
export function listEvents(db: Queryable, principal: Principal, { archived = false } = {}): Promise<Event[]> {
  return db
    .select()
    .from(events)
    .where(and(listableEvents(principal), archived ? isNotNull(events.archivedAt) : isNull(events.archivedAt)))
    .orderBy(desc(events.createdAt));
}

/** Changes an event the caller may write (lib/domain/access); fields not given stay as they are. */
export async function updateEvent(db: Db, event: Event, { archived, ...input }: UpdateEventInput): Promise<Event> {
  const startsAt = input.startsAt === undefined ? event.startsAt : input.startsAt;
  const endsAt = input.endsAt === undefined ? event.endsAt : input.endsAt;
  if (startsAt && endsAt && endsAt < startsAt) {
    throw new DomainError("invalid", "endsAt must not be before startsAt", {
      details: [{ path: "endsAt", message: "must not be before startsAt" }],
    });
  }
  try {
    const [updated] = await db
      .update(events)
      .set({
        ...input,
        // Archiving again keeps the first time.
        ...(archived !== undefined && { archivedAt: archived ? (event.archivedAt ?? sql`now()`) : null }),
        updatedAt: sql`now()`,
      })
      .where(eq(events.id, event.id))
      .returning();
    // The association files list every event's app.
    if (input.app !== undefined) forgetEventApps();
    return updated!;
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
export async function regeneratePasscode(db: Db, event: Pick<Event, "id">): Promise<Event> {
  const regenerated = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ passcode: events.passcode })
      .from(events)
      .where(eq(events.id, event.id))
      .for("update");
    const passcode = await reservePasscode(tx, event.id);
    const [updated] = await tx
      .update(events)
      .set({ passcode, updatedAt: sql`now()` })
      .where(eq(events.id, event.id))
      .returning();
    await tx.update(codes).set({ kind: "retired" }).where(eq(codes.code, current!.passcode));
    await enqueueWebhooks(tx, event.id, "event.passcode_regenerated", [{ eventId: event.id }]);
    return updated!;
  });
  wakeWebhookWorker();
  return regenerated;
}

/**
 * Deletes an event for good, `confirm` being its slug: its starters (keys and passcode slots), their
 * bindings, mint batches, visit counts and logo go with it (foreign keys cascade), in one
 * transaction. Its codes stay in `codes` as "retired": they resolve to nothing ("unknown key") and
 * are never minted again, for this or another event (the primary key of the one namespace).
 */
export async function deleteEvent(db: Db, event: Pick<Event, "id" | "slug">, confirm: string): Promise<void> {
  if (confirm.trim().toLowerCase() !== event.slug) {
    throw new DomainError("invalid", "to delete the event, confirm with its slug", {
      details: [{ path: "confirm", message: "is not the event's slug" }],
    });
  }
  await db.transaction(async (tx) => {
    // Waits for mints, merges and passcode changes of the event under way; later ones find no event.
    const [locked] = await tx.select({ id: events.id }).from(events).where(eq(events.id, event.id)).for("update");
    if (!locked) throw notFound("event");
    await tx.update(codes).set({ kind: "retired" }).where(eq(codes.eventId, event.id));
    await tx.delete(events).where(eq(events.id, event.id));
  });
  // The association files list every event's app.
  forgetEventApps();
}
