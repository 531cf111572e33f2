import { z } from "zod";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";

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
