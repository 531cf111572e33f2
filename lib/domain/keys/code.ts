import { randomBytes } from "node:crypto";
import { z } from "zod";

export const KEY_LENGTH = 6;
/**
 * Alphabet for new keys and passcodes: digits and capitals without the look-alikes 0 O 1 I L.
 * 31 symbols, 31^6 ≈ 887 million codes (≈ 29.7 bits).
 */
export const KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const KEY_SPACE = KEY_ALPHABET.length ** KEY_LENGTH;

/** Input is wider than what we mint: published RACEMAP keys contain 0, 1, L, S, Z. */
const KEY_INPUT = /^[0-9A-Z]{6}$/;

/** Trims and upper-cases; the normalised key, or undefined when it is not six letters or digits. */
export function normalizeKey(input: string): string | undefined {
  const key = input.trim().toUpperCase();
  return KEY_INPUT.test(key) ? key : undefined;
}

/** Zod schema of a key or passcode as clients send it: normalised, or a clear error. */
export const keyInputSchema = z
  .string()
  .max(64, "a key has six characters")
  .transform((value, ctx) => {
    const key = normalizeKey(value);
    if (!key) {
      ctx.addIssue({ code: "custom", message: "a key is six letters or digits" });
      return z.NEVER;
    }
    return key;
  })
  .meta({ description: "Six letters or digits, case-insensitive", example: "6G615L" });

// The largest multiple of the alphabet size below 256: bytes at or above it are discarded so that
// every symbol is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % KEY_ALPHABET.length);

/** `count` distinct random codes from a cryptographically secure source. */
export function randomCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const missing = count - codes.size;
    // ~3% of bytes are discarded; ask for a little more than needed.
    const bytes = randomBytes(Math.ceil(missing * KEY_LENGTH * 1.1) + KEY_LENGTH);
    let code = "";
    for (const byte of bytes) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += KEY_ALPHABET[byte % KEY_ALPHABET.length];
      if (code.length === KEY_LENGTH) {
        codes.add(code);
        code = "";
        if (codes.size === count) break;
      }
    }
  }
  return [...codes];
}

export const randomCode = (): string => randomCodes(1)[0]!;
