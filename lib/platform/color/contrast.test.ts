import { describe, expect, it } from "vitest";
import { contrastRatio, isHexColor, normalizeHexColor } from "./contrast";

describe("hex colours and their contrast", () => {
  it("reads #rgb and #rrggbb in either case, and nothing else", () => {
    expect(["#0b63ce", "#FC0", "#ABCDEF"].every(isHexColor)).toBe(true);
    expect(["0b63ce", "#0b63c", "#0b63cez", "#gggggg", "red", " #fff", "#ffff", ""].some(isHexColor)).toBe(false);
    expect(normalizeHexColor("#FC0")).toBe("#ffcc00");
    expect(normalizeHexColor("#0B63CE")).toBe("#0b63ce");
  });

  it("measures contrast as WCAG 2 does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#fff", "#fff")).toBe(1);
    expect(contrastRatio("#ffffff", "#767676")).toBeCloseTo(4.54, 2); // the lightest grey that passes AA on white
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#0b63ce", "#ffffff")).toBeCloseTo(contrastRatio("#ffffff", "#0b63ce"), 10);
  });
});
