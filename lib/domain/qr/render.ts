import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";
import { applyBestMask, type ErrorCorrection } from "./mask";

/** The quiet zone the QR specification asks for, in modules. */
export const QUIET_ZONE = 4;

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: Uint8Array;
}

/** Error correction level M: 15% of the symbol recoverable, qrcode's default. */
const LEVEL: ErrorCorrection = "M";

/**
 * The QR symbol of `text` exactly as `qrcode` makes it (segmentation, version, error correction,
 * mask choice). `qrcode` encodes it under a fixed mask 0, which skips its own slow mask scoring, and
 * ./mask.ts chooses the mask it would have chosen, in a fraction of the time.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: LEVEL, maskPattern: 0 });
  return { size: modules.size, modules: applyBestMask(modules.data, modules.reservedBit, modules.size, LEVEL) };
}

/**
 * Whole pixels per module so that code and quiet zone fit `pixels`; the rest of the image is extra
 * white margin, split evenly, so every module has the same crisp size.
 */
export function layout(matrixSize: number, pixels: number): { scale: number; offset: number } {
  const scale = Math.max(1, Math.floor(pixels / (matrixSize + 2 * QUIET_ZONE)));
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

/**
 * A 1-bit greyscale PNG of `pixels` × `pixels`. QR codes are black and white, so one bit per pixel
 * is 32x less data to deflate than the RGBA that `qrcode`'s own PNG renderer produces.
 */
export function renderPng(matrix: QrMatrix, pixels: number): Buffer {
  const { scale, offset } = layout(matrix.size, pixels);
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
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
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
    for (let x = 0; x < size; ) {
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
export function renderSvg(matrix: QrMatrix, pixels: number): string {
  const total = matrix.size + 2 * QUIET_ZONE;
  let path = "";
  let row = -1;
  let penX = 0;
  forEachDarkRun(matrix, (x, y, run) => {
    path += y === row ? `m${x - penX} 0h${run}` : `M${x + QUIET_ZONE} ${y + QUIET_ZONE}.5h${run}`;
    row = y;
    penX = x + run;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges" role="img">` +
    `<rect width="${total}" height="${total}" fill="#fff"/><path stroke="#000" d="${path}"/></svg>`
  );
}

/** A strong ETag for an image that depends only on these inputs. */
export function qrEtag(parts: Array<string | number>): string {
  return `"${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 27)}"`;
}
