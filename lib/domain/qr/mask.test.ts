import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { randomCodes } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";
import { formatBits } from "./mask";
import { qrMatrix, type ErrorCorrection } from "./render";

const LEVELS: ErrorCorrection[] = ["L", "M", "Q", "H"];

describe("formatBits", () => {
  it("matches the format information table of ISO/IEC 18004 (Annex C)", () => {
    expect(formatBits("M", 0)).toBe(0b101010000010010);
    expect(formatBits("L", 4)).toBe(0b110011000101111);
    expect(formatBits("H", 7)).toBe(0b000100000111011);
    expect(formatBits("Q", 2)).toBe(0b011111100110001);
  });
});

describe("qrMatrix", () => {
  it("makes exactly the symbol qrcode makes with its own mask choice, for links, text and every level, first and from the plan", () => {
    const texts = [
      ...randomCodes(150).map((key, i) =>
        keyLink(
          "https://racemap.app",
          key,
          i % 3 ? { startNumber: String(i), name: `Zoë Müller ${"x".repeat(i % 40)}` } : {},
        ),
      ),
      "6G615L",
      "0123456789".repeat(30),
      "HELLO WORLD $%*+-./:",
      "日本語のテキスト",
      "a",
      "x".repeat(1200),
    ];
    const masks = new Set<number>();
    for (const text of texts) {
      for (const level of LEVELS) {
        const theirs = QRCode.create(text, { errorCorrectionLevel: level });
        masks.add(theirs.maskPattern ?? -1);
        // The first text of a pattern is encoded by qrcode; the second time, from the plan (./encode.ts).
        for (const ours of [qrMatrix(text, level), qrMatrix(text, level)]) {
          expect(ours.size).toBe(theirs.modules.size);
          expect(Buffer.from(ours.modules).equals(Buffer.from(theirs.modules.data))).toBe(true);
        }
      }
    }
    expect(masks.size).toBe(8); // the comparison covered every mask
  });

  it("reuses the segmentation of links that differ only in their key, with the same result", () => {
    // 600 keys of six letters or digits fall into at most 64 patterns: most links hit the cache.
    for (const key of randomCodes(600)) {
      const text = keyLink("http://127.0.0.1:3590", key, { startNumber: "0815" });
      const theirs = QRCode.create(text, { errorCorrectionLevel: "M" });
      expect(Buffer.from(qrMatrix(text).modules).equals(Buffer.from(theirs.modules.data))).toBe(true);
    }
  });
});
