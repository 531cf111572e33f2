import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import QRCode, { type QRCodeSegment } from "qrcode";
import { BoundedMap } from "@/lib/platform/cache/bounded-map";
import { applyBestMask, type ErrorCorrection } from "./mask";
import { DEFAULT_QR_STYLE, type QrStyle } from "./schemas";

/** The quiet zone the QR specification asks for, in modules: the default margin. */
export const QUIET_ZONE = DEFAULT_QR_STYLE.margin;

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: Uint8Array;
}

/** A symbol's segments (mode and length in characters, in order) and version, as qrcode chose them. */
type SegmentPlan = { version: number; segments: Array<{ mode: "numeric" | "alphanumeric" | "byte"; length: number }> };
/** qrcode's segmentation and version, by pattern of character classes. */
const segmentPlans = new BoundedMap<string, SegmentPlan>(10_000);
/** Kanji mode needs a Shift JIS converter, which qrMatrix never passes. */
const SEGMENT_MODES = { Numeric: "numeric", Alphanumeric: "alphanumeric", Byte: "byte", Kanji: "byte" } as const;
const ALPHANUMERIC = new Set(Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", (c) => c.charCodeAt(0)));

/**
 * Each character's QR mode class (n: digit, a: other alphanumeric, b: byte), or null for text
 * beyond ASCII, whose byte lengths differ from its lengths in characters.
 */
function characterClasses(text: string): string | null {
  let classes = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return null;
    classes += code >= 48 && code <= 57 ? "n" : ALPHANUMERIC.has(code) ? "a" : "b";
  }
  return classes;
}

/** `text` cut into the segments of `plan`, in qrcode's public segment format. */
function planSegments(text: string, plan: SegmentPlan): QRCodeSegment[] {
  let start = 0;
  return plan.segments.map(({ mode, length }) => {
    const data = text.slice(start, (start += length));
    return mode === "byte" ? { mode, data: Buffer.from(data, "latin1") } : { mode, data };
  });
}

/**
 * The QR symbol of `text` exactly as `qrcode` makes it (segmentation, version, error correction,
 * mask choice), through its public API, with its two slow steps done once or faster:
 * - its search for the shortest mix of numeric, alphanumeric and byte segments depends only on which
 *   class each character is in, so links that differ only in their key mostly share it: the first
 *   text of a pattern is segmented by qrcode, the rest are handed over as segments and version;
 * - it encodes under a fixed mask 0, which skips its own mask scoring, and ./mask.ts chooses the
 *   mask qrcode would have chosen, in a fraction of the time.
 * Text beyond ASCII is always segmented by qrcode. The level defaults to M (15 % recoverable),
 * qrcode's default.
 */
export function qrMatrix(text: string, level: ErrorCorrection = "M"): QrMatrix {
  const classes = characterClasses(text);
  const pattern = classes === null ? undefined : `${level}${classes}`;
  const plan = pattern === undefined ? undefined : segmentPlans.get(pattern);
  const options = { errorCorrectionLevel: level, maskPattern: 0 } as const;
  const { modules, version, segments } = plan
    ? QRCode.create(planSegments(text, plan), { ...options, version: plan.version })
    : QRCode.create(text, options);
  if (pattern !== undefined && !plan) {
    segmentPlans.set(pattern, {
      version,
      segments: segments.map((segment) => ({ mode: SEGMENT_MODES[segment.mode.id], length: segment.getLength() })),
    });
  }
  return { size: modules.size, modules: applyBestMask(modules.data, modules.reservedBit, modules.size, level) };
}

/** Quiet zone and colours of an image; the defaults draw black on white with the standard quiet zone. */
export type QrColours = Pick<QrStyle, "margin" | "dark" | "light">;

/**
 * Whole pixels per module so that code and quiet zone (`margin` modules) fit `pixels`; the rest of
 * the image is extra light margin, split evenly, so every module has the same crisp size.
 */
export function layout(matrixSize: number, pixels: number, margin = QUIET_ZONE): { scale: number; offset: number } {
  const scale = Math.max(1, Math.floor(pixels / (matrixSize + 2 * margin)));
  return { scale, offset: Math.floor((pixels - matrixSize * scale) / 2) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "latin1");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A two-entry palette: index 0 (a 0 bit) dark, index 1 light. */
function palette(dark: string, light: string): Buffer {
  return Buffer.from(dark.slice(1) + light.slice(1), "hex");
}

/**
 * A 1-bit PNG of `pixels` × `pixels`. QR codes have two colours, so one bit per pixel is 32x less
 * data to deflate than the RGBA that `qrcode`'s own PNG renderer produces: greyscale for black on
 * white, else the same bits indexed into a two-colour palette.
 */
export function renderPng(matrix: QrMatrix, pixels: number, colours: QrColours = DEFAULT_QR_STYLE): Buffer {
  const { scale, offset } = layout(matrix.size, pixels, colours.margin);
  const rowBytes = Math.ceil(pixels / 8);
  const stride = rowBytes + 1; // each scanline starts with its filter byte (0: none)
  const raw = Buffer.alloc(stride * pixels, 0xff);
  const row = Buffer.alloc(stride);
  for (let y = 0; y < pixels; y++) raw[y * stride] = 0;
  for (let my = 0; my < matrix.size; my++) {
    row.fill(0xff);
    row[0] = 0;
    for (let mx = 0; mx < matrix.size; mx++) {
      if (!matrix.modules[my * matrix.size + mx]) continue;
      const x0 = offset + mx * scale;
      for (let x = x0; x < x0 + scale; x++) row[1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    const y0 = offset + my * scale;
    for (let y = y0; y < y0 + scale; y++) row.copy(raw, y * stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  const blackOnWhite = colours.dark === DEFAULT_QR_STYLE.dark && colours.light === DEFAULT_QR_STYLE.light;
  header[8] = 1; // bit depth
  header[9] = blackOnWhite ? 0 : 3; // colour type: greyscale, or indexed
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    ...(blackOnWhite ? [] : [pngChunk("PLTE", palette(colours.dark, colours.light))]),
    pngChunk("IDAT", deflateSync(raw, { level: 6 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Calls `draw` for each horizontal run of dark modules (x, y in modules, without the quiet zone):
 * one rectangle per run draws the whole code, in SVG or PDF.
 */
export function forEachDarkRun(matrix: QrMatrix, draw: (x: number, y: number, length: number) => void): void {
  const { size, modules } = matrix;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size;) {
      if (!modules[y * size + x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && modules[y * size + x + run]) run++;
      draw(x, y, run);
      x += run;
    }
  }
}

/**
 * An SVG drawing the dark modules as one path of horizontal runs, stroked one module wide through
 * the middle of their row, in a viewBox of modules, so it scales without blur. A run after the first
 * of a row is a relative move and a line ("m3 0h2"), which halves the path against closed rectangles.
 * `pixels` sets width and height.
 */
export function renderSvg(matrix: QrMatrix, pixels: number, colours: QrColours = DEFAULT_QR_STYLE): string {
  const margin = colours.margin;
  const total = matrix.size + 2 * margin;
  let path = "";
  let row = -1;
  let penX = 0;
  forEachDarkRun(matrix, (x, y, run) => {
    path += y === row ? `m${x - penX} 0h${run}` : `M${x + margin} ${y + margin}.5h${run}`;
    row = y;
    penX = x + run;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges" role="img">` +
    `<rect width="${total}" height="${total}" fill="${svgColour(colours.light)}"/><path stroke="${svgColour(colours.dark)}" d="${path}"/></svg>`
  );
}

/** `#000000` → `#000`: the short form where there is one, as the plain code has always been drawn. */
const svgColour = (hex: string): string => (/^#(.)\1(.)\2(.)\3$/.test(hex) ? `#${hex[1]}${hex[3]}${hex[5]}` : hex);

/** A strong ETag for an image that depends only on these inputs. */
export function qrEtag(parts: Array<string | number>): string {
  return `"${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 27)}"`;
}
