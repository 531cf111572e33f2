import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrSampleTexts } from "@/testing/qr-texts";
import { applyBestMask, formatBits, type ErrorCorrection } from "./mask";

const LEVELS: ErrorCorrection[] = ["L", "M", "Q", "H"];

describe("formatBits", () => {
  it("matches the format information table of ISO/IEC 18004 (Annex C)", () => {
    expect(formatBits("M", 0)).toBe(0b101010000010010);
    expect(formatBits("L", 4)).toBe(0b110011000101111);
    expect(formatBits("H", 7)).toBe(0b000100000111011);
    expect(formatBits("Q", 2)).toBe(0b011111100110001);
  });
});

describe("applyBestMask", () => {
  it("turns qrcode's mask-0 symbol into the symbol of qrcode's own mask choice, for links, text, every level", () => {
    const texts = qrSampleTexts();
    const masks = new Set<number>();
    for (const text of texts) {
      for (const level of LEVELS) {
        const theirs = QRCode.create(text, { errorCorrectionLevel: level });
        masks.add(theirs.maskPattern ?? -1);
        const { modules } = QRCode.create(text, { errorCorrectionLevel: level, maskPattern: 0 });
        const ours = applyBestMask(modules.data, modules.reservedBit, modules.size, level);
        expect(Buffer.from(ours).equals(Buffer.from(theirs.modules.data))).toBe(true);
      }
    }
    expect(masks.size).toBe(8); // the comparison covered every mask
  });
});
