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
/** The longest text read as a key: six characters, and room for spaces and dashes around and between them. */
export const MAX_KEY_INPUT = 64;
/**
 * What people put into a key as they read it aloud or copy it from a label: spaces (any, including
 * no-break) and dashes (the hyphen and what keyboards and autocorrect turn it into). Ignored.
 */
const SEPARATORS = /[\s\u2010-\u2015\u2212-]/g;

/** Whether text is a key as `normalizeKey` returns it: six capitals or digits. */
export const isNormalizedKey = (text: string): boolean => KEY_INPUT.test(text);

/**
 * The one reading of a typed key: spaces and dashes dropped, upper-cased ("6g6 15l", "6G6-15L" →
 * "6G615L"); undefined when what remains is not six letters or digits.
 */
export function normalizeKey(input: string): string | undefined {
  const key = input.replace(SEPARATORS, "").toUpperCase();
  return isNormalizedKey(key) ? key : undefined;
}

/*
 * The key input, two ways. What does not look keys up (the QR image, the landing page's form)
 * refuses a malformed key with a clear error; the lookups (resolve_key, redeem_key) take the text as
 * typed, because a malformed key must get exactly the answer an unknown one gets: `lookUpKey`
 * normalises it only after the limiter has counted it, and forgives typos from the typed text.
 */

/** Zod schema of a key or passcode as clients send it: normalised, or a clear error. */
export const keyInputSchema = z
  .string()
  .max(MAX_KEY_INPUT, "a key has six characters")
  .transform((value, ctx) => {
    const key = normalizeKey(value);
    if (!key) {
      ctx.addIssue({ code: "custom", message: "a key is six letters or digits" });
      return z.NEVER;
    }
    return key;
  })
  .meta({ description: "Six letters or digits, case-insensitive, spaces and dashes ignored", example: "6G615L" });

/** Zod schema of a key or passcode to look up, as the participant typed it: any string. */
export const typedKeySchema = z
  .string({ error: (issue) => (issue.input === undefined ? "key is required" : "key must be a string") })
  .meta({
    description:
      "The key or passcode: six letters or digits, case-insensitive, spaces and dashes ignored. Anything else is answered like an unknown key.",
    example: "K84N2S",
  });

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
