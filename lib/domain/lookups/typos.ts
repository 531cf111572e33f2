import { KEY_LENGTH } from "@/lib/domain/keys/code";

/** What a key may be typed with (input accepts any letter or digit, see `normalizeKey`). */
const INPUT_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * The typed text as it is kept for forgiving: upper-cased letters and digits only, cut after
 * KEY_LENGTH + 2 characters. Text that long is at least two edits from any key, cut or not, so
 * cutting never makes a text forgivable, and what is kept per failure stays small.
 */
export function typedText(input: string): string {
  return input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .slice(0, KEY_LENGTH + 2);
}

/**
 * Every text at most one edit from `key` (optimal string alignment distance ≤ 1: the key itself,
 * one substitution, one dropped or added character, or two neighbours swapped), over the letters
 * and digits input accepts: at most 1 + 6·35 + 6 + 7·36 + 5 = 474 texts for a six-character key.
 * Matching typed texts against this set by equality lets each store take them in one statement.
 */
export function textsOneEditFrom(key: string): Set<string> {
  const texts = new Set([key]);
  for (let i = 0; i <= key.length; i++) {
    const [head, tail] = [key.slice(0, i), key.slice(i)];
    for (const symbol of INPUT_SYMBOLS) texts.add(head + symbol + tail);
    if (i < key.length) {
      texts.add(head + tail.slice(1));
      for (const symbol of INPUT_SYMBOLS) texts.add(head + symbol + tail.slice(1));
    }
    if (i + 1 < key.length) texts.add(head + tail[1] + tail[0] + tail.slice(2));
  }
  return texts;
}
