import { eq } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, UNIQUE_VIOLATION, type Queryable } from "@/db/client";
import { organisers, type Organiser } from "@/db/schema";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";
import { hashPassword } from "./passwords";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email());
export const passwordSchema = z
  .string()
  .min(10, "passwords need at least 10 characters")
  .max(200)
  .refine((value) => !hasControlCharacters(value), "passwords must not contain control characters");

export class OrganiserExistsError extends Error {}

export async function createOrganiser(db: Queryable, input: { email: string; password?: string }): Promise<Organiser> {
  const email = emailSchema.parse(input.email);
  const passwordHash = input.password ? await hashPassword(passwordSchema.parse(input.password)) : null;
  try {
    const [row] = await db.insert(organisers).values({ email, passwordHash }).returning();
    return row!;
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
