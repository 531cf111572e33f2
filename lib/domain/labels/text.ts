import type { Font } from "fontkit";

/** Far more than fits on any label; longer input is cut before any work is done on it. */
const MAX_CHARACTERS = 200;
const ELLIPSIS = "…";
const SPACE_OR_CONTROL = /[\p{Cc}\p{Z}]/u;
/** Zero-width joiners, bidi overrides, soft hyphens: invisible, and they confuse width measuring. */
const INVISIBLE_FORMAT = /\p{Cf}/u;
/** Emoji and their modifiers and flags: decoration the font lacks, dropped rather than shown as "?". */
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u20e3\ufe00-\ufe0f]/u;
const COMBINING_MARK = /\p{M}/u;

const hasGlyphs = (font: Font, text: string) =>
  Array.from(text).every((c) => font.hasGlyphForCodePoint(c.codePointAt(0)!));

/**
 * User text as the font can print it, on one line: controls and line breaks become spaces,
 * invisible formatting and emoji go, a character without a glyph becomes its unaccented or
 * compatibility form ("ﬁ" → "fi") if the font has that, else "?".
 */
export function printableText(text: string, font: Font): string {
  let printable = "";
  for (const char of Array.from(text.normalize("NFC")).slice(0, MAX_CHARACTERS)) {
    if (SPACE_OR_CONTROL.test(char)) printable += " ";
    else if (INVISIBLE_FORMAT.test(char)) continue;
    else if (font.hasGlyphForCodePoint(char.codePointAt(0)!)) printable += char;
    else if (PICTOGRAPH.test(char) || COMBINING_MARK.test(char)) continue;
    else {
      const plain = char.normalize("NFKD").replace(/\p{M}/gu, "");
      printable += plain && hasGlyphs(font, plain) ? plain : "?";
    }
  }
  return printable.replace(/ {2,}/g, " ").trim();
}

const advanceCache = new WeakMap<Font, Map<number, number>>();

/**
 * Width in em, from each glyph's advance. Kerning is left out: per-character widths are cached,
 * which keeps measuring 10,000 labels cheap, and Noto Sans's kerning changes a short line by well
 * under a point.
 */
export function emWidth(text: string, font: Font): number {
  let advances = advanceCache.get(font);
  if (!advances) advanceCache.set(font, (advances = new Map()));
  let width = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    let advance = advances.get(codePoint);
    if (advance === undefined) {
      advance = font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm;
      advances.set(codePoint, advance);
    }
    width += advance;
  }
  return width;
}

export interface FittedText {
  text: string;
  fontSize: number;
  /** In points, at fontSize. */
  width: number;
}

/**
 * Fits printable text into `maxWidth` points: at `fontSize` if it fits, else shrunk down to
 * `minFontSize`, else cut with an ellipsis at `minFontSize`.
 */
export function fitText(text: string, font: Font, maxWidth: number, fontSize: number, minFontSize: number): FittedText {
  const em = emWidth(text, font);
  if (em * fontSize <= maxWidth) return { text, fontSize, width: em * fontSize };
  if (em * minFontSize <= maxWidth) return { text, fontSize: maxWidth / em, width: maxWidth };
  const budget = maxWidth / minFontSize - emWidth(ELLIPSIS, font);
  const chars = Array.from(text);
  let kept = 0;
  for (let used = 0; kept < chars.length; kept++) {
    used += emWidth(chars[kept]!, font);
    if (used > budget) break;
  }
  const cut = chars.slice(0, kept).join("").trimEnd() + ELLIPSIS;
  return { text: cut, fontSize: minFontSize, width: emWidth(cut, font) * minFontSize };
}
