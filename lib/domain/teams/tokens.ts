import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { authorizeOrganisation, scopeSchema, type Principal, type Scope } from "@/lib/domain/access";
import { recordAudit } from "@/lib/domain/audit";
import { createApiToken, revokeApiToken } from "@/lib/domain/auth/tokens";
import { DomainError, notFound } from "@/lib/domain/errors";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";
import { refuseOtherEvents } from "./members";

/**
 * An organisation's API tokens as its owners manage them (API and dashboard): created with scopes,
 * optionally limited to events and an expiry, shown once, listed with their last use, revoked.
 * Each change is written to the audit log in its transaction.
 */

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(...withoutControlCharacters);
export const createTokenBodySchema = z
  .strictObject({
    name: tokenNameSchema,
    scopes: z.array(scopeSchema).min(1),
    eventIds: z.array(z.uuid()).min(1).max(100).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: "CreateToken" });
export type CreateTokenBody = z.output<typeof createTokenBodySchema>;

export const tokenIdParamsSchema = z.object({ tokenId: z.string() });

export const tokenOutputSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The first characters of the secret, to tell tokens apart. */
    hint: z.string(),
    /** Null: every scope (a token from before scopes). */
    scopes: z.array(z.string()).nullable(),
    eventIds: z.array(z.uuid()).nullable(),
    expiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });
export const createdTokenSchema = tokenOutputSchema
  .extend({ token: z.string().describe("The secret, shown only in this answer") })
  .meta({ id: "CreatedApiToken" });

export interface TokenListing {
  id: string;
  name: string;
  hint: string;
  scopes: string[] | null;
  eventIds: string[] | null;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
export const toTokenOutput = (token: TokenListing): z.output<typeof tokenOutputSchema> => ({
  ...token,
  expiresAt: iso(token.expiresAt),
  createdAt: token.createdAt.toISOString(),
  lastUsedAt: iso(token.lastUsedAt),
  revokedAt: iso(token.revokedAt),
});

const listing = {
  id: apiTokens.id,
  name: apiTokens.name,
  hint: apiTokens.hint,
  scopes: apiTokens.scopes,
  eventIds: apiTokens.eventIds,
  expiresAt: apiTokens.expiresAt,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** The organisation's API tokens, newest first; hashes never leave the database. */
export function listApiTokens(db: Queryable, organisationId: string): Promise<TokenListing[]> {
  return db
    .select(listing)
    .from(apiTokens)
    .where(eq(apiTokens.organisationId, organisationId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function listOrganisationTokens(db: Queryable, principal: Principal): Promise<TokenListing[]> {
  return listApiTokens(db, authorizeOrganisation(principal, "tokens:manage"));
}

/** A token can only hand on what it has: a new token's scopes are within its creator's. */
function withinCreator(principal: Principal, scopes: readonly Scope[]): void {
  if (principal.kind !== "token" || principal.scopes === null) return;
  const missing = scopes.filter((scope) => !principal.scopes!.includes(scope));
  if (missing.length) {
    throw new DomainError("forbidden", `this API token cannot grant the scope ${missing[0]}`, {
      details: missing.map((scope) => ({ path: "scopes", message: scope })),
    });
  }
}

export async function createOrganisationToken(
  db: Db,
  principal: Principal,
  body: CreateTokenBody,
  now = new Date(),
): Promise<TokenListing & { token: string }> {
  const organisationId = authorizeOrganisation(principal, "tokens:manage");
  withinCreator(principal, body.scopes);
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new DomainError("invalid", "expiresAt must be in the future", {
      details: [{ path: "expiresAt", message: "must be in the future" }],
    });
  }
  const scopes = [...new Set(body.scopes)];
  const eventIds = body.eventIds ? [...new Set(body.eventIds)] : null;
  return db.transaction(async (tx) => {
    if (eventIds) await refuseOtherEvents(tx, organisationId, eventIds);
    const { token, id } = await createApiToken(tx, principal.organiserId, body.name, {
      organisationId,
      scopes,
      eventIds,
      expiresAt,
    });
    await recordAudit(tx, principal, { action: "token.created", target: id, detail: { name: body.name, scopes } });
    const [row] = await tx.select(listing).from(apiTokens).where(eq(apiTokens.id, id));
    return { ...row!, token };
  });
}

export async function revokeOrganisationToken(db: Db, principal: Principal, tokenId: string): Promise<void> {
  const organisationId = authorizeOrganisation(principal, "tokens:manage");
  if (!z.uuid().safeParse(tokenId).success) throw notFound("token");
  await db.transaction(async (tx) => {
    if (!(await revokeApiToken(tx, organisationId, tokenId))) throw notFound("token");
    await recordAudit(tx, principal, { action: "token.revoked", target: tokenId });
  });
}
