import { createHash } from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { activities, starters, type Activity } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";
import type { FoundCode } from "@/lib/domain/keys/find-code";
import { assertRedeemable } from "@/lib/domain/redeem/redeem";
import { lookUpKeyOrThrow, type LookupClient } from "@/lib/domain/redeem/lookup";
import { decodeTrack, encodeTrack } from "./encoding";
import { checkEventWindow, parseActivityFile } from "./file";
import { outlineOf } from "./outline";
import type { ActivityListItem, ActivitySummary } from "./schemas";
import type { TrackPoint } from "./track";

export interface UploadContext {
  client: LookupClient;
  now: Date;
  /** Days after an event's end during which its keys still work (REDEEM_GRACE_DAYS). */
  graceDays: number;
}

export const passcodeCannotUpload = () =>
  new DomainError(
    "forbidden",
    "an event passcode cannot upload activities: a personal key is needed; ask the organiser for yours",
  );

/** The key's starter and event, under the lookup limits; refusals for a passcode and an ended event. */
export async function keyForUpload(
  db: Db,
  key: string,
  context: UploadContext,
): Promise<FoundCode & { starter: NonNullable<FoundCode["starter"]> }> {
  const found = await lookUpKeyOrThrow(db, key, context.client);
  if (!found.starter) throw passcodeCannotUpload();
  assertRedeemable(found.event, context.now, context.graceDays);
  return found as FoundCode & { starter: NonNullable<FoundCode["starter"]> };
}

export const toSummary = (
  row: Pick<
    Activity,
    "id" | "starterId" | "startedAt" | "durationSeconds" | "distanceMeters" | "points" | "insideEventWindow"
  >,
): ActivitySummary => ({
  id: row.id,
  starterId: row.starterId,
  startedAt: row.startedAt.toISOString(),
  durationSeconds: row.durationSeconds,
  distanceMeters: row.distanceMeters,
  points: row.points,
  insideEventWindow: row.insideEventWindow,
});

const summaryColumns = {
  id: activities.id,
  starterId: activities.starterId,
  startedAt: activities.startedAt,
  durationSeconds: activities.durationSeconds,
  distanceMeters: activities.distanceMeters,
  points: activities.points,
  insideEventWindow: activities.insideEventWindow,
};

/**
 * Stores an activity file for the key's starter: looked up like redeem (same limits and answers),
 * refused for a passcode and an event past its grace period, parsed, and written with the key marked
 * used (`keyUsed`, `redeemedAt` if unset) but no device bound. The same file again for the same
 * starter answers the stored activity (`created: false`) without parsing it again. Nothing is written
 * for a refused file.
 */
export async function uploadActivity(
  db: Db,
  key: string,
  file: Uint8Array,
  context: UploadContext,
): Promise<{ activity: ActivitySummary; created: boolean; found: FoundCode }> {
  const found = await keyForUpload(db, key, context);
  const contentHash = createHash("sha256").update(file).digest("hex");
  const existing = await storedSummary(db, found.starter.id, contentHash);
  if (existing) return { activity: existing, created: false, found };

  const parsed = await parseActivityFile(file);
  const insideEventWindow = checkEventWindow(parsed.summary, found.event);
  const { dropped } = parsed.track;
  const row = {
    eventId: found.event.id,
    starterId: found.starter.id,
    contentHash,
    format: parsed.format,
    original: file,
    track: encodeTrack(parsed.track.points),
    startedAt: parsed.summary.startedAt,
    endedAt: parsed.summary.endedAt,
    durationSeconds: parsed.summary.durationSeconds,
    movingSeconds: parsed.summary.movingSeconds,
    distanceMeters: parsed.summary.distanceMeters,
    points: parsed.summary.points,
    droppedPoints: dropped.invalid + dropped.backwards + dropped.untimed,
    insideEventWindow,
    outline: outlineOf(parsed.track.points),
  };
  const inserted = await db.transaction(async (tx) => {
    const [activity] = await tx
      .insert(activities)
      .values(row)
      .onConflictDoNothing({ target: [activities.starterId, activities.contentHash] })
      .returning(summaryColumns);
    if (activity) {
      await tx
        .update(starters)
        .set({ keyUsed: true, redeemedAt: sql`coalesce(${starters.redeemedAt}, now())`, updatedAt: sql`now()` })
        .where(eq(starters.id, found.starter.id));
    }
    return activity;
  });
  if (inserted) return { activity: toSummary(inserted), created: true, found };
  // A concurrent upload of the same file won: its row is the answer.
  const winner = await storedSummary(db, found.starter.id, contentHash);
  if (!winner) throw notFound("key"); // the event was deleted in between
  return { activity: winner, created: false, found };
}

async function storedSummary(db: Queryable, starterId: string, contentHash: string) {
  const [row] = await db
    .select(summaryColumns)
    .from(activities)
    .where(and(eq(activities.starterId, starterId), eq(activities.contentHash, contentHash)));
  return row ? toSummary(row) : undefined;
}

const listColumns = {
  ...summaryColumns,
  format: activities.format,
  movingSeconds: activities.movingSeconds,
  droppedPoints: activities.droppedPoints,
  createdAt: activities.createdAt,
  outline: activities.outline,
  startNumber: starters.startNumber,
  name: starters.name,
  key: starters.key,
};
type ListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]["_"]["data"] } & {
  startNumber: string | null;
  name: string | null;
  key: string | null;
};

const toListItem = (row: ListRow): ActivityListItem & { outline: string } => ({
  ...toSummary(row),
  format: row.format,
  movingSeconds: row.movingSeconds,
  droppedPoints: row.droppedPoints,
  startNumber: row.startNumber,
  name: row.name,
  key: row.key,
  uploadedAt: row.createdAt.toISOString(),
  outline: row.outline,
});

/** An event's activities in upload order, keyset paged by the activity id (like the starters list). */
export async function activityPage(
  db: Queryable,
  eventId: string,
  query: { cursor?: string; limit: number; starterId?: string },
): Promise<{ activities: (ActivityListItem & { outline: string })[]; nextCursor: string | null }> {
  const where = [eq(activities.eventId, eventId)];
  if (query.starterId) where.push(eq(activities.starterId, query.starterId));
  if (query.cursor) {
    where.push(
      gt(
        activities.seq,
        sql`(select ${activities.seq} from ${activities} where ${activities.id} = ${query.cursor} and ${activities.eventId} = ${eventId})`,
      ),
    );
  }
  const rows = await db
    .select(listColumns)
    .from(activities)
    .innerJoin(starters, eq(starters.id, activities.starterId))
    .where(and(...where))
    .orderBy(asc(activities.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit) as ListRow[];
  return { activities: page.map(toListItem), nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}

/** One activity of the event with its decoded track; "activity not found" for another event's. */
export async function activityWithTrack(
  db: Queryable,
  eventId: string,
  activityId: string,
): Promise<{ activity: ActivityListItem & { outline: string }; points: TrackPoint[] }> {
  const [row] = await db
    .select({ ...listColumns, track: activities.track })
    .from(activities)
    .innerJoin(starters, eq(starters.id, activities.starterId))
    .where(and(eq(activities.eventId, eventId), eq(activities.id, activityId)));
  if (!row) throw notFound("activity");
  return { activity: toListItem(row as ListRow), points: decodeTrack(row.track) };
}

/** Deletes one activity of the event (or, with `starterId`, of that starter); false if there was none. */
export async function deleteActivity(
  db: Queryable,
  where: { eventId: string; activityId: string; starterId?: string },
): Promise<boolean> {
  const conditions = [eq(activities.eventId, where.eventId), eq(activities.id, where.activityId)];
  if (where.starterId) conditions.push(eq(activities.starterId, where.starterId));
  const deleted = await db
    .delete(activities)
    .where(and(...conditions))
    .returning({ id: activities.id });
  return deleted.length > 0;
}
