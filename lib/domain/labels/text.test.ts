import { describe, expect, it } from "vitest";
import { labelFonts } from "./fonts";
import { LINE_HEIGHT_EM } from "./layouts";
import { emWidth, fitText, printableText } from "./text";

const { regular, bold } = labelFonts();
const printable = (text: string) => printableText(text, regular.font);

describe("labelFonts", () => {
  it("covers German, Polish, Turkish, Nordic, Greek and Cyrillic names", () => {
    for (const name of [
      "Zoë Müller-Straße",
      "Łukasz Żółć",
      "Şahin Çağlar Ğ",
      "Åse Øvergård Æ",
      "Ελένη",
      "Иван Петров",
      "Nguyễn",
    ]) {
      expect(printable(name)).toBe(name);
      expect(printableText(name, bold.font)).toBe(name);
    }
  });

  it("has line boxes no taller than the layouts reserve", () => {
    for (const { font } of [regular, bold]) {
      expect((font.ascent - font.descent + font.lineGap) / font.unitsPerEm).toBeLessThanOrEqual(LINE_HEIGHT_EM);
    }
  });
});

describe("printableText", () => {
  it("turns controls and line breaks into single spaces and trims", () => {
    expect(printable(" Anna\tMaria\r\nSchmidt\u0000 \u2028x ")).toBe("Anna Maria Schmidt x");
  });

  it("drops invisible formatting such as bidi overrides, zero-width joiners and soft hyphens", () => {
    expect(printable("Ab\u202Edc\u200Bef\u00ADgh\u2066")).toBe("Abdcefgh");
  });

  it("drops emoji with their modifiers, joiners and flags instead of crashing", () => {
    expect(printable("🏃‍♀️ Anna 👍🏽 🇩🇪 1️⃣ Lauf")).toBe("Anna 1 Lauf");
    expect(printable("😀😀😀")).toBe("");
  });

  it("composes decomposed accents and replaces letters the font lacks", () => {
    expect(printable("Zoe\u0308")).toBe("Zoë");
    expect(printable("Ｍａｘ 𝐀① ㎏")).toBe("Max A1 kg"); // full-width, mathematical, circled, squared
    expect(printable("山田 太郎")).toBe("?? ??");
    expect(printable("\uD800x")).toBe("?x"); // a lone surrogate
  });

  it("cuts absurdly long input before working on it", () => {
    expect(printable("a".repeat(100_000)).length).toBe(200);
  });
});

describe("fitText", () => {
  it("keeps text that fits at its size", () => {
    const fitted = fitText("Anna", regular.font, 100, 10, 7.5);
    expect(fitted).toEqual({ text: "Anna", fontSize: 10, width: emWidth("Anna", regular.font) * 10 });
    expect(fitted.width).toBeLessThan(100);
  });

  it("shrinks text that is a little too wide, down to the minimum size", () => {
    const width = emWidth("Maximilian Müller", regular.font) * 10;
    const fitted = fitText("Maximilian Müller", regular.font, width * 0.9, 10, 7.5);
    expect(fitted.text).toBe("Maximilian Müller");
    expect(fitted.fontSize).toBeCloseTo(9, 6);
    expect(fitted.width).toBeCloseTo(width * 0.9, 6);
  });

  it("cuts text that does not fit at the minimum size, with an ellipsis, never wider than allowed", () => {
    const name = "Maximilian Alexander von Hohenzollern-Sigmaringen";
    const fitted = fitText(name, regular.font, 60, 9, 6.75);
    expect(fitted.fontSize).toBe(6.75);
    expect(fitted.text.endsWith("…")).toBe(true);
    expect(name.startsWith(fitted.text.slice(0, -1))).toBe(true);
    expect(fitted.text.length).toBeGreaterThan(5);
    expect(fitted.width).toBeLessThanOrEqual(60);
    expect(fitted.width).toBeCloseTo(emWidth(fitted.text, regular.font) * 6.75, 9);
    // one more character would not have fitted
    const longer = name.slice(0, fitted.text.length) + "…";
    expect(emWidth(longer, regular.font) * 6.75).toBeGreaterThan(60);
  });

  it("does not end a cut on a space", () => {
    const fitted = fitText("Anna Maria Schmidt", regular.font, emWidth("Anna …", regular.font) * 5 + 0.01, 6, 5);
    expect(fitted.text).toBe("Anna…");
  });
});
