import { describe, expect, it } from "vitest";
import { KEY_ALPHABET, KEY_SPACE, randomCode } from "@/lib/domain/keys/code";
import { textsOneEditFrom, typedText } from "./typos";

/** Optimal string alignment distance, the reference the generated set is checked against. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe("typed text", () => {
  it("keeps upper-cased letters and digits, at most two characters over a key", () => {
    expect(typedText(" k84n2s ")).toBe("K84N2S");
    expect(typedText("K84-N2")).toBe("K84N2");
    expect(typedText("not a key at all")).toBe("NOTAKEYA");
    expect(typedText("")).toBe("");
  });
});

describe("texts one edit from a key", () => {
  it("holds exactly the texts at OSA distance ≤ 1 (checked against the distance over a sample)", () => {
    const key = "K84N2S";
    const near = textsOneEditFrom(key);
    expect(near.size).toBeLessThanOrEqual(474);
    for (const text of near) expect(osaDistance(text, key), text).toBeLessThanOrEqual(1);
    for (const slip of ["K84N2S", "K84N2", "84N2S", "K8N2S", "K84N2X", "X84N2S", "K48N2S", "K84N2SS", "K84NN2S"])
      expect(near.has(slip), slip).toBe(true);
    for (const far of ["K84N", "K4N2SX", "48K2NS", "K84N2SXY", "ZZZZZZ"]) {
      expect(osaDistance(far, key)).toBeGreaterThan(1);
      expect(near.has(far), far).toBe(false);
    }
  });

  it("holds about 185 of the 887.5 M minted codes: a random guess is in it with probability ≈ 2.1e-7", () => {
    const minted = new RegExp(`^[${KEY_ALPHABET}]{6}$`);
    const key = randomCode();
    const sameLengthMinted = [...textsOneEditFrom(key)].filter((text) => minted.test(text)).length;
    // The key, 6 × 30 substitutions, up to 5 swaps (fewer when neighbours are equal) and the
    // drop-one-add-one texts that are a single edit already (none beyond these).
    expect(sameLengthMinted).toBeLessThanOrEqual(1 + 6 * 30 + 5);
    expect(sameLengthMinted / KEY_SPACE).toBeLessThan(2.1e-7);
  });
});
