import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import type { Principal } from "@/lib/domain/access";

/**
 * The audit log: who (a member or an API token, never a secret) did what to which event, when, and
 * with what outcome. Callers write the entry with the same `db` (transaction) as the change, so
 * nothing is recorded that did not happen and nothing is done unrecorded.
 */

export const AUDIT_ACTIONS = [
  "event.created",
  "event.changed",
  "event.deleted",
  "passcode.regenerated",
  "keys.minted",
  "participants.applied",
  "starter.edited",
  "key.released",
  "keys.exported",
  "labels.downloaded",
  "member.invited",
  "invitation.revoked",
  "member.joined",
  "member.changed",
  "member.removed",
  "token.created",
  "token.revoked",
  "signed_in",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  eventId?: string | null;
  /** What was acted on, e.g. a starter, member or token id; never a secret. */
  target?: string | null;
  /** Counts and changed field names; never secrets or whole participant lists. */
  detail?: Record<string, unknown>;
  outcome?: "ok" | "refused";
}

/** The actor of a principal: the member's account or the token, and its label looked up in the same statement. */
const actorOf = (principal: Principal) =>
  principal.kind === "token"
    ? { actorKind: "token" as const, actorId: principal.tokenId }
    : { actorKind: "member" as const, actorId: principal.organiserId };

export async function recordAudit(db: Queryable, principal: Actor, record: AuditRecord): Promise<void> {
  const actor = actorOf(principal as Principal);
  await db.insert(auditLog).values({
    organisationId: principal.organisationId,
    eventId: record.eventId ?? null,
    ...actor,
    actorLabel: sql`coalesce((select email from organisers where id = ${actor.actorId}),
      (select 'API token ' || name from api_tokens where id = ${actor.actorId}), 'unknown')`,
    action: record.action,
    target: record.target ?? null,
    detail: record.detail ?? null,
    outcome: record.outcome ?? "ok",
  });
}

type Actor = Principal | { kind: "organiser"; organiserId: string; organisationId: string };

/**
 * Runs a change and records it in one transaction: the entry is written only if the change
 * commits, and the change commits only with its entry. `record` may read the change's result.
 */
export async function audited<T>(
  db: Db,
  principal: Actor,
  record: AuditRecord | ((result: T) => AuditRecord),
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await work(tx);
    await recordAudit(tx, principal, typeof record === "function" ? record(result) : record);
    return result;
  });
}

export const AUDIT_PAGE_MAX = 200;
export const auditQuerySchema = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** A member's account id or an API token's id. */
  actorId: z.uuid().optional(),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ kind: z.enum(["member", "token"]), id: z.uuid().nullable(), label: z.string() }),
    action: z.string(),
    eventId: z.uuid().nullable(),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    outcome: z.string(),
  })
  .meta({ id: "AuditEntry" });
export const auditPageSchema = z
  .object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: "AuditPage" });

export const toAuditOutput = (entry: AuditEntry): z.output<typeof auditEntrySchema> => ({
  id: String(entry.id),
  at: entry.createdAt.toISOString(),
  actor: { kind: entry.actorKind, id: entry.actorId, label: entry.actorLabel },
  action: entry.action,
  eventId: entry.eventId,
  target: entry.target,
  detail: entry.detail,
  outcome: entry.outcome,
});

/** A page of the organisation's log (or one event's), newest first; `nextCursor` while there is more. */
export async function listAudit(
  db: Queryable,
  scope: { organisationId: string; eventId?: string },
  query: AuditQuery,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.organisationId, scope.organisationId),
        scope.eventId ? eq(auditLog.eventId, scope.eventId) : undefined,
        query.cursor ? lt(auditLog.id, query.cursor) : undefined,
        query.action ? eq(auditLog.action, query.action) : undefined,
        query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const entries = rows.slice(0, query.limit);
  return { entries, nextCursor: rows.length > query.limit ? String(entries.at(-1)!.id) : null };
}
