import { z } from "zod";

/**
 * Label sheet geometry, all in PDF points (1/72 inch) from the page's top-left corner, y downwards
 * (PDFKit's coordinates). Pure arithmetic: the PDF writer and its tests share it.
 */

export const LABEL_LAYOUTS = ["avery-l7160", "avery-5160", "single"] as const;
export type LabelLayout = (typeof LABEL_LAYOUTS)[number];
export const labelLayoutSchema = z
  .enum(LABEL_LAYOUTS, { message: `layout must be one of ${LABEL_LAYOUTS.join(", ")}` })
  .meta({
    description: "Label sheet: Avery L7160 (A4, 21 per page), Avery 5160 (US Letter, 30), or one code per A4 page",
  });

export const POINTS_PER_MM = 72 / 25.4;
export const mm = (millimetres: number): number => millimetres * POINTS_PER_MM;

/** Printers feed sheets a millimetre or two off; every label's content stays this far inside it. */
export const SAFE_MARGIN_MM = 2;
/** The largest printer offset accepted, in either direction. */
export const MAX_PRINTER_OFFSET_MM = 10;

/** The event line's size is the least a reader can read on a label: it never shrinks below it. */
export const MIN_EVENT_FONT_SIZE = 7;

/** Font sizes in points of the label's lines, before long text is shrunk to fit. */
export interface LabelTypography {
  event: number;
  key: number;
  startNumber: number;
  name: number;
}
export type LabelLine = keyof LabelTypography;
/** Top to bottom. */
export const LABEL_LINES: readonly LabelLine[] = ["event", "key", "startNumber", "name"];
/** Line height in em: Noto Sans's ascender plus descender is 1.362 em (lib/domain/labels/fonts.ts). */
export const LINE_HEIGHT_EM = 1.37;

export interface LabelSheet {
  layout: LabelLayout;
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  /** The first label's top-left corner. */
  left: number;
  top: number;
  /** From one label's left (top) edge to the next one's. */
  pitchX: number;
  pitchY: number;
  typography: LabelTypography;
}

const A4 = { pageWidth: 595.28, pageHeight: 841.89 };
const LETTER = { pageWidth: 612, pageHeight: 792 };
const SINGLE_PAGE_MARGIN = mm(15);

/** Sheet figures from the gLabels template database. */
export const LABEL_SHEETS: Record<LabelLayout, LabelSheet> = {
  "avery-l7160": {
    layout: "avery-l7160",
    ...A4,
    columns: 3,
    rows: 7,
    labelWidth: mm(63.5),
    labelHeight: mm(38.1),
    left: 21.2,
    top: 43.9,
    pitchX: 187.2,
    pitchY: mm(38.1),
    typography: { event: 7, key: 20, startNumber: 12, name: 9 },
  },
  "avery-5160": {
    layout: "avery-5160",
    ...LETTER,
    columns: 3,
    rows: 10,
    labelWidth: 2.625 * 72,
    labelHeight: 72,
    left: 13.5,
    top: 36,
    pitchX: 2.75 * 72,
    pitchY: 72,
    typography: { event: 7, key: 14, startNumber: 10, name: 8 },
  },
  single: {
    layout: "single",
    ...A4,
    columns: 1,
    rows: 1,
    labelWidth: A4.pageWidth - 2 * SINGLE_PAGE_MARGIN,
    labelHeight: A4.pageHeight - 2 * SINGLE_PAGE_MARGIN,
    left: SINGLE_PAGE_MARGIN,
    top: SINGLE_PAGE_MARGIN,
    pitchX: A4.pageWidth - 2 * SINGLE_PAGE_MARGIN,
    pitchY: A4.pageHeight - 2 * SINGLE_PAGE_MARGIN,
    typography: { event: 18, key: 64, startNumber: 36, name: 28 },
  },
};

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Millimetres to shift everything by: positive x to the right, positive y downwards. */
export interface PrinterOffsetMm {
  x: number;
  y: number;
}

export const labelsPerPage = (sheet: LabelSheet): number => sheet.columns * sheet.rows;

/** Pages needed for `labelCount` labels (0 for none). */
export const pageCount = (sheet: LabelSheet, labelCount: number): number =>
  Math.ceil(labelCount / labelsPerPage(sheet));

/** Where label `index` (0-based, across then down) goes: its page (0-based) and its outline. */
export function labelPlacement(
  sheet: LabelSheet,
  index: number,
  offsetMm: PrinterOffsetMm = { x: 0, y: 0 },
): { page: number; rect: Rect } {
  const perPage = labelsPerPage(sheet);
  const slot = index % perPage;
  const column = slot % sheet.columns;
  const row = Math.floor(slot / sheet.columns);
  return {
    page: Math.floor(index / perPage),
    rect: {
      x: sheet.left + column * sheet.pitchX + mm(offsetMm.x),
      y: sheet.top + row * sheet.pitchY + mm(offsetMm.y),
      width: sheet.labelWidth,
      height: sheet.labelHeight,
    },
  };
}

export const inset = (rect: Rect, by: number): Rect => ({
  x: rect.x + by,
  y: rect.y + by,
  width: rect.width - 2 * by,
  height: rect.height - 2 * by,
});

export interface LabelRegions {
  /** The QR code's square, its quiet zone included. */
  qr: Rect;
  text: Rect;
  align: "left" | "center";
}

const QR_TEXT_GAP = mm(1);
/** On a tall label the code takes at most this share of the height, leaving room for large type. */
const TALL_QR_SHARE = 0.6;

/**
 * Splits a label's safe area: on a wide label the code fills the height on the left and the text
 * stands beside it; on a tall one (a whole page) the code is on top and the text centred below.
 */
export function labelRegions(label: Rect): LabelRegions {
  const safe = inset(label, mm(SAFE_MARGIN_MM));
  if (safe.width >= 1.3 * safe.height) {
    const side = safe.height;
    return {
      qr: { x: safe.x, y: safe.y, width: side, height: side },
      text: { x: safe.x + side + QR_TEXT_GAP, y: safe.y, width: safe.width - side - QR_TEXT_GAP, height: safe.height },
      align: "left",
    };
  }
  const side = Math.min(safe.width, safe.height * TALL_QR_SHARE);
  return {
    qr: { x: safe.x + (safe.width - side) / 2, y: safe.y, width: side, height: side },
    text: { x: safe.x, y: safe.y + side + QR_TEXT_GAP, width: safe.width, height: safe.height - side - QR_TEXT_GAP },
    align: "center",
  };
}

export interface TextSlot {
  line: LabelLine;
  /** Top of the line box. */
  y: number;
  height: number;
  fontSize: number;
  /** Lines the text may wrap to: a name two, an event name as many as it was given. */
  maxLines: number;
}

/**
 * One slot per line, stacked and centred vertically in the text area. Every label of a sheet gets
 * the same slots, so a missing name or start number leaves a gap instead of shifting the key. The
 * event takes `eventLines` lines (the same on every label); the name two where there is room, else
 * what is left.
 */
export function textSlots(typography: LabelTypography, text: Rect, eventLines = 1): TextSlot[] {
  const lineHeight = (line: LabelLine) => typography[line] * LINE_HEIGHT_EM;
  const fixed = eventLines * lineHeight("event") + lineHeight("key") + lineHeight("startNumber");
  const heights: Record<LabelLine, number> = {
    event: eventLines * lineHeight("event"),
    key: lineHeight("key"),
    startNumber: lineHeight("startNumber"),
    name: Math.max(0, Math.min(2 * lineHeight("name"), text.height - fixed)),
  };
  const maxLines: Record<LabelLine, number> = { event: eventLines, key: 1, startNumber: 1, name: 2 };
  let y = text.y + (text.height - LABEL_LINES.reduce((sum, line) => sum + heights[line], 0)) / 2;
  return LABEL_LINES.map((line) => {
    const slot = { line, y, height: heights[line], fontSize: typography[line], maxLines: maxLines[line] };
    y += heights[line];
    return slot;
  });
}
