import type { Font } from "fontkit";
import { LINE_HEIGHT_EM } from "./layouts";

/** Far more than fits on any label; longer input is cut before any work is done on it. */
const MAX_CHARACTERS = 200;
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
  /** One or more lines, together the whole text. */
  lines: string[];
  fontSize: number;
  /** Of the widest line, in points, at fontSize. */
  width: number;
}

/**
 * Greedy wrap into lines of at most `lineEm` em: at spaces, after hyphens, and inside a word only
 * when the word alone is wider than a line.
 */
export function wrapText(text: string, font: Font, lineEm: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const token of text.split(/(?<=[ -])/)) {
    if (line && emWidth((line + token).trimEnd(), font) > lineEm) {
      lines.push(line.trimEnd());
      line = "";
    }
    for (const char of line || emWidth(token.trimEnd(), font) <= lineEm ? [token] : Array.from(token)) {
      if (line && emWidth((line + char).trimEnd(), font) > lineEm) {
        lines.push(line.trimEnd());
        line = "";
      }
      line += char;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/**
 * Fits printable text into a box of `maxWidth` × `maxHeight` points, whole, never cut: on one line
 * at `fontSize` if it fits, else shrunk down to `minFontSize`; below that, wrapped to up to
 * `maxLines` lines at the largest size that fits them, as small as it takes.
 */
export function fitText(
  text: string,
  font: Font,
  box: { maxWidth: number; maxHeight: number },
  fontSize: number,
  minFontSize: number,
  maxLines = 1,
): FittedText {
  const em = emWidth(text, font);
  const oneLine = Math.min(fontSize, box.maxWidth / em, box.maxHeight / LINE_HEIGHT_EM);
  if (oneLine >= minFontSize || maxLines === 1) return { lines: [text], fontSize: oneLine, width: em * oneLine };
  // The largest size whose wrap fits the box, by bisection: a smaller size never needs more lines.
  const fits = (size: number) => {
    const lines = wrapText(text, font, box.maxWidth / size);
    return lines.length <= maxLines && lines.length * size * LINE_HEIGHT_EM <= box.maxHeight ? lines : null;
  };
  let size = fontSize;
  if (!fits(size)) {
    // One line at `oneLine` fits: the answer lies between it and `fontSize`.
    let low = oneLine;
    for (let i = 0; i < 24; i++) {
      const middle = (low + size) / 2;
      if (fits(middle)) low = middle;
      else size = middle;
    }
    size = low;
  }
  const lines = fits(size) ?? [text];
  const width = Math.max(...lines.map((line) => emWidth(line, font))) * size;
  return { lines, fontSize: size, width };
}
