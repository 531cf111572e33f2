import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, organisations, organisers, sessions, type Role } from "@/db/schema";

/** A signed-in organiser stays signed in this long; signing in again starts a new session. */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Session ids are 256-bit random: like API tokens, a fast hash is enough and a leak of the table signs nobody in. */
export const hashSessionId = (sessionId: string) => createHash("sha256").update(sessionId).digest("hex");

export interface NewSession {
  /** Goes into the cookie only; the database keeps its hash. */
  sessionId: string;
  expiresAt: Date;
  /** The organisation it acts in; null for an account that belongs to none. */
  organisationId: string | null;
}

export interface SignedInOrganiser {
  organiserId: string;
  email: string;
  expiresAt: Date;
  /** The organisation the session acts in, and the member's role and event list there. */
  organisationId: string;
  organisationName: string;
  role: Role;
  eventIds: string[] | null;
}

/** The organisation a new session acts in: the account's own if it still owns it, else its oldest membership. */
async function defaultOrganisation(db: Queryable, organiserId: string): Promise<string | null> {
  const [row] = await db
    .select({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(eq(memberships.organiserId, organiserId))
    .orderBy(desc(sql`${memberships.organisationId} = ${memberships.organiserId}`), asc(memberships.createdAt))
    .limit(1);
  return row?.organisationId ?? null;
}

export async function createSession(
  db: Queryable,
  organiserId: string,
  now = new Date(),
  organisationId?: string,
): Promise<NewSession> {
  const sessionId = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  // Expired sessions of this organiser go at each sign-in, so the table does not grow forever.
  await db.delete(sessions).where(and(eq(sessions.organiserId, organiserId), lte(sessions.expiresAt, now)));
  const actingIn = organisationId ?? (await defaultOrganisation(db, organiserId));
  await db
    .insert(sessions)
    .values({ organiserId, organisationId: actingIn, sessionHash: hashSessionId(sessionId), expiresAt });
  return { sessionId, expiresAt, organisationId: actingIn };
}

/**
 * The organiser of a valid, unexpired session that is still a member of the session's organisation,
 * or undefined: removing a member ends their sessions in that organisation at once.
 */
export async function findSession(
  db: Queryable,
  sessionId: string | undefined,
): Promise<SignedInOrganiser | undefined> {
  if (!sessionId || !SESSION_ID_PATTERN.test(sessionId)) return undefined;
  const [row] = await db
    .select({
      organiserId: organisers.id,
      email: organisers.email,
      expiresAt: sessions.expiresAt,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      role: memberships.role,
      eventIds: memberships.eventIds,
    })
    .from(sessions)
    .innerJoin(organisers, eq(organisers.id, sessions.organiserId))
    .innerJoin(
      memberships,
      and(eq(memberships.organisationId, sessions.organisationId), eq(memberships.organiserId, sessions.organiserId)),
    )
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(sessions.sessionHash, hashSessionId(sessionId)), gt(sessions.expiresAt, sql`now()`)));
  return row;
}

export async function destroySession(db: Queryable, sessionId: string | undefined): Promise<void> {
  if (!sessionId || !SESSION_ID_PATTERN.test(sessionId)) return;
  await db.delete(sessions).where(eq(sessions.sessionHash, hashSessionId(sessionId)));
}

/** Signs the organiser out everywhere except in `keepSessionId` (after a password change). */
export async function destroyOtherSessions(db: Queryable, organiserId: string, keepSessionId: string): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.organiserId, organiserId), ne(sessions.sessionHash, hashSessionId(keepSessionId))));
}

/** Switches the session to another organisation the organiser is a member of; false if it is not. */
export async function switchOrganisation(db: Queryable, sessionId: string, organisationId: string): Promise<boolean> {
  if (!SESSION_ID_PATTERN.test(sessionId)) return false;
  const rows = await db
    .update(sessions)
    .set({ organisationId })
    .where(
      and(
        eq(sessions.sessionHash, hashSessionId(sessionId)),
        sql`exists (select 1 from ${memberships} where ${memberships.organisationId} = ${organisationId}
                    and ${memberships.organiserId} = ${sessions.organiserId})`,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length > 0;
}
