import { and, asc, eq, sql } from "drizzle-orm";
import { FOREIGN_KEY_VIOLATION, pgErrorCode, queryRows, type Db, type Tx } from "@/db/client";
import { mintBatches, starters } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";
import { enqueueWebhooks } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { randomCodes } from "./code";
import { starterKeyColumns } from "./list";
import type { StarterKeyRow } from "./schemas";

/** Rounds of drawing replacements for codes that collided; each round 1/~900 of a full namespace. */
const MAX_DRAW_ROUNDS = 20;

/** A PostgreSQL array literal of codes (A-Z and 0-9 only, so nothing needs quoting): one parameter. */
const textArray = (values: string[]) => sql`${`{${values.join(",")}}`}::text[]`;

type RawStarterKeyRow = Omit<StarterKeyRow, "createdAt"> & { createdAt: string };

export interface MintRequest {
  organiserId: string;
  eventId: string;
  count: number;
  idempotencyKey?: string;
}

export interface MintResult {
  starters: StarterKeyRow[];
  /** True when an Idempotency-Key replay answered with the first request's keys. */
  replayed: boolean;
}

/**
 * Mints `count` new keys for an event in one transaction: all of them or none. Codes are reserved
 * in the shared namespace with INSERT … ON CONFLICT DO NOTHING, so the database's primary key
 * decides uniqueness; collided codes are replaced until exactly `count` are new.
 *
 * With an Idempotency-Key the batch row is inserted first: a concurrent request with the same key
 * waits on that row until this transaction ends, then replays its result (or mints, if it failed).
 */
export async function mintStarterKeys(db: Db, request: MintRequest): Promise<MintResult> {
  try {
    const result = await mintInTransaction(db, request);
    if (!result.replayed) wakeWebhookWorker();
    return result;
  } catch (error) {
    // The event was deleted after the caller's access check (deleteEvent holds its row meanwhile).
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw notFound("event");
    throw error;
  }
}

function mintInTransaction(db: Db, request: MintRequest): Promise<MintResult> {
  const fingerprint = `generate_starter_keys:${request.eventId}:${request.count}`;
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(mintBatches)
      .values({
        eventId: request.eventId,
        organiserId: request.organiserId,
        count: request.count,
        idempotencyKey: request.idempotencyKey,
        requestFingerprint: fingerprint,
      })
      .onConflictDoNothing()
      .returning({ id: mintBatches.id });
    if (!batch) return { replayed: true, starters: await replay(tx, request, fingerprint) };

    const keys = await reserveCodes(tx, request.eventId, request.count);
    const rows = await queryRows<RawStarterKeyRow>(
      tx,
      sql`insert into starters (event_id, key, batch_id)
          select ${request.eventId}::uuid, unnest(${textArray(keys)}), ${batch.id}::uuid
          returning id, event_id as "eventId", key, key_used as "keyUsed", start_number as "startNumber",
                    name, created_at as "createdAt", redeemed_at as "redeemedAt"`,
    );
    // Raw statements bypass drizzle's column mapping: timestamps arrive as text.
    const minted = rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), redeemedAt: null }));
    await enqueueWebhooks(tx, request.eventId, "keys.minted", [
      { eventId: request.eventId, count: minted.length, starterIds: minted.map((row) => row.id) },
    ]);
    return { replayed: false, starters: minted };
  });
}

/** Reserves `count` new codes for the event; `draw` is the source of candidates (tests force collisions). */
export async function reserveCodes(
  tx: Tx,
  eventId: string,
  count: number,
  draw: (n: number) => string[] = randomCodes,
): Promise<string[]> {
  const reserved: string[] = [];
  for (let round = 0; reserved.length < count; round++) {
    if (round === MAX_DRAW_ROUNDS) throw new Error(`could not draw ${count} free codes`);
    // Sorted, so concurrent batches lock index entries in the same order and cannot deadlock.
    const candidates = draw(count - reserved.length).sort();
    const inserted = await queryRows<{ code: string }>(
      tx,
      sql`insert into codes (code, event_id, kind)
          select unnest(${textArray(candidates)}), ${eventId}::uuid, 'key'
          on conflict do nothing returning code`,
    );
    for (const row of inserted) reserved.push(row.code);
  }
  return reserved;
}

async function replay(tx: Tx, request: MintRequest, fingerprint: string): Promise<StarterKeyRow[]> {
  const [first] = await tx
    .select({ id: mintBatches.id, requestFingerprint: mintBatches.requestFingerprint })
    .from(mintBatches)
    .where(
      and(eq(mintBatches.organiserId, request.organiserId), eq(mintBatches.idempotencyKey, request.idempotencyKey!)),
    );
  if (!first || first.requestFingerprint !== fingerprint) {
    throw new DomainError(
      "unprocessable",
      "this Idempotency-Key was already used with different parameters; use a new key for a new request",
    );
  }
  return tx.select(starterKeyColumns).from(starters).where(eq(starters.batchId, first.id)).orderBy(asc(starters.seq));
}
