import { describe, expect, it } from "vitest";
import { KEY_ALPHABET, KEY_SPACE, keyInputSchema, normalizeKey, randomCodes } from "./code";

describe("key alphabet", () => {
  it("has no look-alike characters", () => {
    for (const lookAlike of "01OIL") expect(KEY_ALPHABET).not.toContain(lookAlike);
    expect(new Set(KEY_ALPHABET).size).toBe(KEY_ALPHABET.length);
    expect(KEY_ALPHABET.length).toBe(31);
    expect(KEY_SPACE).toBe(31 ** 6);
  });
});

describe("normalizeKey", () => {
  it("trims and upper-cases any six letters or digits, including published keys with 1, L, S, Z", () => {
    expect(normalizeKey(" 6g615l ")).toBe("6G615L");
    expect(normalizeKey("k84n2s")).toBe("K84N2S");
    expect(normalizeKey("3Z2GPX\n")).toBe("3Z2GPX");
    expect(normalizeKey("000000")).toBe("000000");
  });

  it("ignores spaces and dashes, as people copy keys from labels and read them aloud", () => {
    for (const typed of [
      "6G6 15L",
      "6G6-15L",
      "6g6 - 15l",
      "6 G 6 1 5 L",
      "6G6\u00a015L",
      "6G6–15L",
      "6G6‑15L",
      "-6G615L-",
    ]) {
      expect(normalizeKey(typed)).toBe("6G615L");
    }
    expect(keyInputSchema.parse("6G6-15L")).toBe("6G615L");
  });

  it("rejects other lengths and characters", () => {
    for (const bad of ["", "6G615", "6G615L7", "6G 15L", "6G615Ä", "ＡＢＣＤＥＦ", "6G615-", "<b>12"]) {
      expect(normalizeKey(bad)).toBeUndefined();
    }
  });

  it("the schema gives a clear message", () => {
    const result = keyInputSchema.safeParse("abc");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("a key is six letters or digits");
    expect(keyInputSchema.parse("6g615l")).toBe("6G615L");
  });
});

describe("randomCodes", () => {
  it("returns the requested number of distinct codes over the alphabet", () => {
    const codes = randomCodes(20_000);
    expect(codes).toHaveLength(20_000);
    expect(new Set(codes).size).toBe(20_000);
    for (const code of codes) expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
  });

  it("uses every symbol about equally often in every position (no modulo bias)", () => {
    const codes = randomCodes(31_000);
    for (let position = 0; position < 6; position++) {
      const counts = new Map<string, number>();
      for (const code of codes) counts.set(code[position]!, (counts.get(code[position]!) ?? 0) + 1);
      expect(counts.size).toBe(31);
      // Expected 1000 each; a biased generator (byte % 31) would give the first 8 symbols ~1,140.
      for (const n of counts.values()) {
        expect(n).toBeGreaterThan(850);
        expect(n).toBeLessThan(1150);
      }
    }
  });
});
