import { readFileSync } from "node:fs";
import path from "node:path";
import { create, type Font } from "fontkit";

/**
 * Noto Sans (SIL Open Font License) from @expo-google-fonts/noto-sans: Latin with all its accents,
 * Greek and Cyrillic. PDFKit's built-in Helvetica knows only WinAnsi, so a name like "Łukasz" or
 * "Şahin" would come out garbled. PDFKit embeds only the glyphs a document uses.
 */
export interface LabelFont {
  /** The TTF file, for PDFKit. */
  data: Buffer;
  /** The same font parsed, for glyph coverage and widths. */
  font: Font;
}

export interface LabelFonts {
  regular: LabelFont;
  bold: LabelFont;
}

// Read from node_modules at run time (like db/migrations), not bundled.
const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans");

function loadFont(file: string): LabelFont {
  const data = readFileSync(path.join(FONT_DIR, file));
  const font = create(data);
  if ("fonts" in font) throw new Error(`${file} is a font collection, not a font`);
  return { data, font };
}

let fonts: LabelFonts | undefined;

export function labelFonts(): LabelFonts {
  fonts ??= {
    regular: loadFont("400Regular/NotoSans_400Regular.ttf"),
    bold: loadFont("700Bold/NotoSans_700Bold.ttf"),
  };
  return fonts;
}
