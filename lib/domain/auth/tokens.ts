import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Scope, TokenPrincipal } from "@/lib/domain/access";

/** Recognisable in logs and by secret scanners. */
export const TOKEN_PREFIX = "rk_";
const TOKEN_PATTERN = /^rk_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token, so reads do not become writes. */
const LAST_USED_RESOLUTION_SECONDS = 60;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface TokenLimits {
  /** Default: the creator's own organisation (of the same id). */
  organisationId?: string;
  /** Default (null): every scope. */
  scopes?: readonly Scope[] | null;
  /** Default (null): every event of the organisation. */
  eventIds?: readonly string[] | null;
  expiresAt?: Date | null;
}

/** A new 256-bit token: returned once, stored only as its hash. */
export async function createApiToken(
  db: Queryable,
  organiserId: string,
  name = "API token",
  limits: TokenLimits = {},
): Promise<{ token: string; id: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({
      organiserId,
      organisationId: limits.organisationId ?? organiserId,
      name,
      scopes: limits.scopes ? [...limits.scopes] : null,
      eventIds: limits.eventIds ? [...limits.eventIds] : null,
      expiresAt: limits.expiresAt ?? null,
      tokenHash: hashToken(token),
      hint: token.slice(0, 10),
    })
    .returning({ id: apiTokens.id });
  return { token, id: row!.id };
}

/** Revokes a token of the organisation; false if there is no such active token. */
export async function revokeApiToken(db: Queryable, organisationId: string, tokenId: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.organisationId, organisationId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Revokes every active token the organiser made (after a password change); how many there were. */
export async function revokeAllApiTokens(db: Queryable, organiserId: string): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.organiserId, organiserId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The principal of a valid, unrevoked, unexpired token (its organisation, scopes and events), or undefined. */
export async function principalForToken(db: Queryable, token: string): Promise<TokenPrincipal | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      organiserId: apiTokens.organiserId,
      organisationId: apiTokens.organisationId,
      scopes: apiTokens.scopes,
      eventIds: apiTokens.eventIds,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!row) return undefined;
  const stale = !row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_SECONDS * 1000;
  if (stale)
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.tokenHash, tokenHash));
  return {
    kind: "token",
    organiserId: row.organiserId,
    organisationId: row.organisationId,
    tokenId: row.tokenId,
    scopes: row.scopes as Scope[] | null,
    eventIds: row.eventIds,
  };
}
