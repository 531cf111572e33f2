import { randomCodes } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";

/**
 * Texts that exercise every part of QR encoding: key links with and without participants (every
 * segment mix the landing page and labels make), numeric, alphanumeric, kanji-range and byte text,
 * the shortest and a long one. The QR tests compare our symbols with qrcode's on them.
 */
export function qrSampleTexts(): string[] {
  return [
    ...randomCodes(150).map((key, i) => {
      const participant = i % 3 ? { startNumber: String(i), name: `Zoë Müller ${"x".repeat(i % 40)}` } : {};
      return keyLink("https://racemap.app", key, participant);
    }),
    "6G615L",
    "0123456789".repeat(30),
    "HELLO WORLD $%*+-./:",
    "日本語のテキスト",
    "a",
    "x".repeat(1200),
  ];
}
