import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organisers, sessions } from "@/db/schema";

/** A signed-in organiser stays signed in this long; signing in again starts a new session. */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Session ids are 256-bit random: like API tokens, a fast hash is enough and a leak of the table signs nobody in. */
export const hashSessionId = (sessionId: string) => createHash("sha256").update(sessionId).digest("hex");

export interface NewSession {
  /** Goes into the cookie only; the database keeps its hash. */
  sessionId: string;
  expiresAt: Date;
}

export interface SignedInOrganiser {
  organiserId: string;
  email: string;
  expiresAt: Date;
}

export async function createSession(db: Queryable, organiserId: string, now = new Date()): Promise<NewSession> {
  const sessionId = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  // Expired sessions of this organiser go at each sign-in, so the table does not grow forever.
  await db.delete(sessions).where(and(eq(sessions.organiserId, organiserId), lte(sessions.expiresAt, now)));
  await db.insert(sessions).values({ organiserId, sessionHash: hashSessionId(sessionId), expiresAt });
  return { sessionId, expiresAt };
}

/** The organiser of a valid, unexpired session, or undefined. */
export async function findSession(
  db: Queryable,
  sessionId: string | undefined,
): Promise<SignedInOrganiser | undefined> {
  if (!sessionId || !SESSION_ID_PATTERN.test(sessionId)) return undefined;
  const [row] = await db
    .select({ organiserId: organisers.id, email: organisers.email, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(organisers, eq(organisers.id, sessions.organiserId))
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
