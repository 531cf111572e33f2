import PDFDocument from "pdfkit";
import { forEachDarkRun, qrMatrix } from "@/lib/domain/qr/render";
import { DEFAULT_QR_STYLE, type QrStyle } from "@/lib/domain/qr/schemas";
import { labelFonts, type LabelFonts } from "./fonts";
import {
  LABEL_SHEETS,
  LINE_HEIGHT_EM,
  MIN_EVENT_FONT_SIZE,
  labelPlacement,
  labelRegions,
  labelsPerPage,
  mm,
  textSlots,
  type LabelLayout,
  type LabelLine,
  type PrinterOffsetMm,
  type Rect,
  type TextSlot,
} from "./layouts";
import { emWidth, fitText, printableText, wrapText } from "./text";

/** One label: `link` is what the QR code holds. */
export interface LabelData {
  key: string;
  link: string;
  name: string | null;
  startNumber: string | null;
}

export interface LabelsPdfOptions {
  layout: LabelLayout;
  eventName: string;
  offsetMm?: PrinterOffsetMm;
  /** Error correction, quiet zone and colours of the codes; black on white at level M by default. */
  qrStyle?: QrStyle;
  /** Read lazily, one page's worth at a time. */
  labels: AsyncIterable<LabelData>;
}

/** Long text shrinks down to this share of its font size before it wraps to a second line. */
const MIN_SHRINK = 0.75;
const MAX_EVENT_LINES = 4;
const EMPTY_MESSAGE = "No keys match this selection.";
const LINE_FONTS: Record<LabelLine, keyof LabelFonts> = {
  event: "regular",
  key: "bold",
  startNumber: "bold",
  name: "regular",
};

/**
 * Keys are capitals and digits: set without kerning or any other OpenType feature, evenly spaced
 * like a code should be, which halves the time PDFKit spends on 10,000 distinct keys. An empty
 * list would not do: fontkit applies its default features unless each is switched off, with an
 * object that PDFKit passes through but @types/pdfkit does not know.
 */
const KEY_FEATURES = Object.fromEntries(
  ["ccmp", "locl", "rlig", "mark", "mkmk", "calt", "clig", "liga", "rclt", "curs", "kern"].map((feature) => [
    feature,
    false,
  ]),
) as unknown as PDFKit.Mixins.OpenTypeFeatures[];

/** Where one slot of a page puts its code and lines; the same on every page. */
interface SlotGeometry {
  qr: Rect;
  text: Rect;
  align: "left" | "center";
  lines: TextSlot[];
}

/**
 * Writes labels into a PDFKit document page by page. PDFKit writes synchronously into its readable
 * side: adding a page flushes the one before, `end()` writes the fonts and the trailer.
 */
class LabelPdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly slots: SlotGeometry[];
  private readonly fonts = labelFonts();
  private readonly eventLine: string;
  private readonly qrStyle: QrStyle;
  private pages = 0;
  ended = false;

  constructor(options: LabelsPdfOptions) {
    const sheet = LABEL_SHEETS[options.layout];
    this.eventLine = printableText(options.eventName, this.fonts.regular.font);
    const eventFont = this.fonts[LINE_FONTS.event].font;
    this.slots = Array.from({ length: labelsPerPage(sheet) }, (_, i) => {
      const regions = labelRegions(labelPlacement(sheet, i, options.offsetMm).rect);
      // An event name too long for one line at the smallest legible size wraps, on every label alike;
      // past four lines (a name of some 60 letters on a 63.5 mm label) it shrinks instead, to leave room for the key.
      const wrapped = wrapText(this.eventLine, eventFont, regions.text.width / MIN_EVENT_FONT_SIZE).length;
      const eventLines = Math.min(MAX_EVENT_LINES, Math.max(1, wrapped));
      return { ...regions, lines: textSlots(sheet.typography, regions.text, eventLines) };
    });
    this.qrStyle = options.qrStyle ?? DEFAULT_QR_STYLE;
    this.doc = new PDFDocument({
      size: [sheet.pageWidth, sheet.pageHeight],
      margin: 0,
      autoFirstPage: false,
      // No default font: PDFKit would load Helvetica's metrics, and only embedded fonts are used.
      font: "",
      info: { Title: `${this.eventLine} – key labels`, Creator: "Racekeys" },
    });
    for (const name of ["regular", "bold"] as const) this.doc.registerFont(name, this.fonts[name].data);
  }

  /** What PDFKit has written since the last call, or null. */
  read(): Uint8Array | null {
    return this.doc.read() as Buffer | null;
  }

  /** Takes up to one page of labels; ends the document when there are none left. */
  async writePage(labels: AsyncIterator<LabelData>): Promise<void> {
    const batch: LabelData[] = [];
    while (batch.length < this.slots.length) {
      const next = await labels.next();
      if (next.done) break;
      batch.push(next.value);
    }
    if (batch.length === 0) {
      if (this.pages === 0) this.writeEmptyPage();
      this.doc.end();
      this.ended = true;
      return;
    }
    this.doc.addPage();
    this.pages++;
    batch.forEach((label, i) => this.drawLabel(label, this.slots[i]!));
  }

  private writeEmptyPage(): void {
    this.doc.addPage();
    this.doc.font("regular").fontSize(12).text(EMPTY_MESSAGE, mm(15), mm(15), { lineBreak: false });
  }

  private drawLabel(label: LabelData, slot: SlotGeometry): void {
    this.drawQr(label.link, slot.qr);
    const { regular, bold } = this.fonts;
    const startNumber = label.startNumber ? printableText(label.startNumber, bold.font) : "";
    const texts: Record<LabelLine, string> = {
      event: this.eventLine,
      key: printableText(label.key, bold.font),
      startNumber: startNumber && `No. ${startNumber}`,
      name: label.name ? printableText(label.name, regular.font) : "",
    };
    for (const line of slot.lines) {
      const text = texts[line.line];
      if (!text) continue;
      const fontName = LINE_FONTS[line.line];
      const font = this.fonts[fontName].font;
      // Nothing is cut: the key shrinks on its one line, a long name wraps, the event stays legible.
      const minFontSize = line.line === "event" ? MIN_EVENT_FONT_SIZE : line.fontSize * MIN_SHRINK;
      const box = { maxWidth: slot.text.width, maxHeight: line.height };
      const fitted = fitText(text, font, box, line.fontSize, minFontSize, line.maxLines);
      const lineHeight = fitted.fontSize * LINE_HEIGHT_EM;
      let y = line.y + (line.height - fitted.lines.length * lineHeight) / 2;
      const features = line.line === "key" ? KEY_FEATURES : undefined;
      for (const part of fitted.lines) {
        const width = emWidth(part, font) * fitted.fontSize;
        const x = slot.align === "left" ? slot.text.x : slot.text.x + (slot.text.width - width) / 2;
        this.doc.font(fontName).fontSize(fitted.fontSize).text(part, x, y, { lineBreak: false, features });
        y += lineHeight;
      }
    }
  }

  /**
   * The code as one filled path of module runs, in a coordinate system of modules: vector
   * rectangles print crisply at any size, and small integers keep the page content compact.
   * The path goes in as one piece of content: `doc.rect` per run would allocate a buffer each.
   * A light colour other than white is painted under the code and its quiet zone; white is the paper.
   */
  private drawQr(link: string, square: Rect): void {
    const { ecc, margin, dark, light } = this.qrStyle;
    const matrix = qrMatrix(link, ecc);
    const unit = square.width / (matrix.size + 2 * margin);
    let path = "";
    forEachDarkRun(matrix, (x, y, length) => {
      path += `${x} ${y} ${length} 1 re\n`;
    });
    this.doc.save();
    if (light !== DEFAULT_QR_STYLE.light) this.doc.rect(square.x, square.y, square.width, square.height).fill(light);
    this.doc.translate(square.x + margin * unit, square.y + margin * unit).scale(unit);
    this.doc.addContent(path).fill(dark);
    this.doc.restore();
  }
}

/**
 * A PDF of printable QR labels as a byte stream. Labels are read from the iterable only as the
 * consumer reads pages, so 10,000 labels never sit in memory at once.
 */
export function renderLabelsPdf(options: LabelsPdfOptions): ReadableStream<Uint8Array> {
  const labels = options.labels[Symbol.asyncIterator]();
  let writer: LabelPdfWriter;
  return new ReadableStream<Uint8Array>({
    start() {
      writer = new LabelPdfWriter(options);
    },
    async pull(controller) {
      for (;;) {
        const bytes = writer.read();
        if (bytes) return controller.enqueue(bytes);
        if (writer.ended) return controller.close();
        await writer.writePage(labels);
      }
    },
    async cancel() {
      await labels.return?.();
    },
  });
}
