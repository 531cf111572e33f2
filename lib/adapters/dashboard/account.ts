import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";

export interface ApiTokenListing {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The organiser's API tokens, newest first; hashes never leave the database. */
export function listApiTokens(db: Queryable, organiserId: string): Promise<ApiTokenListing[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      hint: apiTokens.hint,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.organiserId, organiserId))
    .orderBy(desc(apiTokens.createdAt));
}

/** A new token's name, and the current password: a stolen session alone cannot mint a token. */
export const createTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name, e.g. the system that will use it.")
    .max(100)
    .refine(...withoutControlCharacters),
  currentPassword: z
    .string()
    .min(1, "Enter your current password.")
    .max(200)
    .refine(...withoutControlCharacters),
});

export const tokenIdSchema = z.object({ tokenId: z.uuid("That token does not exist.") });
