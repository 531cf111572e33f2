import { describe, expect, it } from "vitest";
import {
  LABEL_LAYOUTS,
  LABEL_SHEETS,
  inset,
  labelLayoutSchema,
  labelPlacement,
  labelRegions,
  labelsPerPage,
  mm,
  pageCount,
  SAFE_MARGIN_MM,
  textSlots,
  type Rect,
} from "./layouts";

const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 1e-9 &&
  inner.y >= outer.y - 1e-9 &&
  inner.x + inner.width <= outer.x + outer.width + 1e-9 &&
  inner.y + inner.height <= outer.y + outer.height + 1e-9;
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 1e-9 &&
  b.x < a.x + a.width - 1e-9 &&
  a.y < b.y + b.height - 1e-9 &&
  b.y < a.y + a.height - 1e-9;
const page = (layout: keyof typeof LABEL_SHEETS): Rect => ({
  x: 0,
  y: 0,
  width: LABEL_SHEETS[layout].pageWidth,
  height: LABEL_SHEETS[layout].pageHeight,
});

describe("units", () => {
  it("converts millimetres to points", () => {
    expect(mm(25.4)).toBeCloseTo(72, 10);
    expect(mm(63.5)).toBeCloseTo(180, 10);
    expect(mm(38.1)).toBeCloseTo(108, 10);
  });
});

describe("sheets", () => {
  it("have the published label counts and sizes", () => {
    const l7160 = LABEL_SHEETS["avery-l7160"];
    expect([l7160.pageWidth, l7160.pageHeight]).toEqual([595.28, 841.89]);
    expect(labelsPerPage(l7160)).toBe(21);
    expect(l7160.labelWidth).toBeCloseTo(180, 6);
    expect(l7160.labelHeight).toBeCloseTo(108, 6);
    const us = LABEL_SHEETS["avery-5160"];
    expect([us.pageWidth, us.pageHeight]).toEqual([612, 792]);
    expect(labelsPerPage(us)).toBe(30);
    expect([us.labelWidth, us.labelHeight]).toEqual([189, 72]);
    expect(labelsPerPage(LABEL_SHEETS.single)).toBe(1);
  });

  it.each(LABEL_LAYOUTS)("%s: every label lies on the page and no two overlap", (layout) => {
    const sheet = LABEL_SHEETS[layout];
    const rects = Array.from({ length: labelsPerPage(sheet) }, (_, i) => labelPlacement(sheet, i).rect);
    for (const rect of rects) expect(inside(rect, page(layout))).toBe(true);
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i]!, rects[j]!)).toBe(false);
    }
  });
});

describe("pageCount", () => {
  it("rounds up to whole pages", () => {
    const sheet = LABEL_SHEETS["avery-l7160"];
    expect([0, 1, 21, 22, 42, 45].map((n) => pageCount(sheet, n))).toEqual([0, 1, 1, 2, 2, 3]);
    expect(pageCount(LABEL_SHEETS["avery-5160"], 10_000)).toBe(334);
    expect(pageCount(LABEL_SHEETS.single, 7)).toBe(7);
  });
});

describe("labelPlacement", () => {
  const sheet = LABEL_SHEETS["avery-l7160"];

  it("fills a page across, then down, then starts the next page", () => {
    expect(labelPlacement(sheet, 0)).toEqual({
      page: 0,
      rect: { x: 21.2, y: 43.9, width: mm(63.5), height: mm(38.1) },
    });
    const second = labelPlacement(sheet, 1).rect;
    expect([second.x, second.y]).toEqual([21.2 + 187.2, 43.9]);
    const fourth = labelPlacement(sheet, 3).rect;
    expect(fourth.x).toBe(21.2);
    expect(fourth.y).toBeCloseTo(43.9 + 108, 9);
    const last = labelPlacement(sheet, 20);
    expect(last.page).toBe(0);
    expect(last.rect.x).toBeCloseTo(21.2 + 2 * 187.2, 9);
    expect(last.rect.y).toBeCloseTo(43.9 + 6 * 108, 9);
    expect(labelPlacement(sheet, 21)).toEqual({ page: 1, rect: labelPlacement(sheet, 0).rect });
    expect(labelPlacement(sheet, 44).page).toBe(2);
  });

  it("shifts every label by the printer offset in millimetres", () => {
    const plain = labelPlacement(sheet, 5).rect;
    const shifted = labelPlacement(sheet, 5, { x: 1.5, y: -2 }).rect;
    expect(shifted.x - plain.x).toBeCloseTo(mm(1.5), 9);
    expect(shifted.y - plain.y).toBeCloseTo(mm(-2), 9);
    expect([shifted.width, shifted.height]).toEqual([plain.width, plain.height]);
  });

  it("keeps the US sheet's last row on the paper", () => {
    const last = labelPlacement(LABEL_SHEETS["avery-5160"], 29).rect;
    expect(last.y + last.height).toBe(36 + 10 * 72);
    expect(last.x + last.width).toBeCloseTo(612 - 13.5, 9);
  });
});

describe("labelRegions", () => {
  it.each(LABEL_LAYOUTS)("%s: code and text stay inside the safe margin and apart", (layout) => {
    const label = labelPlacement(LABEL_SHEETS[layout], 0).rect;
    const safe = inset(label, mm(SAFE_MARGIN_MM));
    const { qr, text } = labelRegions(label);
    expect(qr.width).toBe(qr.height);
    expect(inside(qr, safe)).toBe(true);
    expect(inside(text, safe)).toBe(true);
    expect(overlap(qr, text)).toBe(false);
    expect(text.width).toBeGreaterThan(50);
  });

  it("puts the code beside the text on sheet labels and above it on a whole page", () => {
    expect(labelRegions(labelPlacement(LABEL_SHEETS["avery-l7160"], 0).rect).align).toBe("left");
    expect(labelRegions(labelPlacement(LABEL_SHEETS["avery-5160"], 0).rect).align).toBe("left");
    const single = labelRegions(labelPlacement(LABEL_SHEETS.single, 0).rect);
    expect(single.align).toBe("center");
    expect(single.text.y).toBeGreaterThan(single.qr.y + single.qr.height);
    expect(single.qr.width).toBeGreaterThan(mm(150)); // a big code for a single page
  });

  it("leaves modules of at least 1/3 mm, which phones read, for a 53-module code (a long name in the link)", () => {
    for (const layout of LABEL_LAYOUTS) {
      const { qr } = labelRegions(labelPlacement(LABEL_SHEETS[layout], 0).rect);
      expect(qr.width / (53 + 8)).toBeGreaterThanOrEqual(mm(1 / 3));
    }
  });
});

describe("textSlots", () => {
  it.each(LABEL_LAYOUTS)("%s: the lines fit the text area top to bottom without overlapping", (layout) => {
    const sheet = LABEL_SHEETS[layout];
    const { text } = labelRegions(labelPlacement(sheet, 0).rect);
    const slots = textSlots(sheet.typography, text);
    expect(slots.map((s) => s.line)).toEqual(["event", "key", "startNumber", "name"]);
    expect(slots[0]!.y).toBeGreaterThanOrEqual(text.y);
    const last = slots[slots.length - 1]!;
    expect(last.y + last.height).toBeLessThanOrEqual(text.y + text.height);
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.y).toBeCloseTo(slots[i - 1]!.y + slots[i - 1]!.height, 9);
    const key = slots.find((s) => s.line === "key")!;
    expect(key.fontSize).toBe(Math.max(...slots.map((s) => s.fontSize)));
  });
});

describe("labelLayoutSchema", () => {
  it("accepts the three layouts and names them when rejecting others", () => {
    expect(labelLayoutSchema.parse("avery-5160")).toBe("avery-5160");
    const result = labelLayoutSchema.safeParse("avery-9999");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("avery-l7160");
  });
});
