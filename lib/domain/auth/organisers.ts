import { eq } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, UNIQUE_VIOLATION, type Queryable } from "@/db/client";
import { memberships, organisations, organisers, type Organiser } from "@/db/schema";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";
import { hashPassword } from "./passwords";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email());
export const passwordSchema = z
  .string()
  .min(10, "passwords need at least 10 characters")
  .max(200)
  .refine((value) => !hasControlCharacters(value), "passwords must not contain control characters");

export class OrganiserExistsError extends Error {}

/**
 * A new account and its own organisation (of the same id, named after the email), of which it is the
 * owner: every account can run events of its own, and invited members also act in others'.
 */
export async function createOrganiser(db: Queryable, input: { email: string; password?: string }): Promise<Organiser> {
  const email = emailSchema.parse(input.email);
  const passwordHash = input.password ? await hashPassword(passwordSchema.parse(input.password)) : null;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(organisers).values({ email, passwordHash }).returning();
      await tx.insert(organisations).values({ id: row!.id, name: email });
      await tx.insert(memberships).values({ organisationId: row!.id, organiserId: row!.id, role: "owner" });
      return row!;
    });
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new OrganiserExistsError(`an organiser with ${email} exists`);
    throw error;
  }
}

export async function findOrganiserByEmail(db: Queryable, email: string): Promise<Organiser | undefined> {
  const [row] = await db
    .select()
    .from(organisers)
    .where(eq(organisers.email, emailSchema.parse(email)));
  return row;
}
