import * as ecCode from "qrcode/lib/core/error-correction-code";
import * as ecLevels from "qrcode/lib/core/error-correction-level";
import { chooseMask, maskLanesFor } from "./mask";
import type { ErrorCorrection } from "./render";

/**
 * The codewords and module placement of a QR symbol whose segmentation and version qrcode already
 * chose (./render.ts keeps those per pattern of character classes). qrcode builds every symbol
 * from scratch: a new Reed–Solomon generator polynomial, matrices and buffers per call, a third of
 * its time. Here the generator polynomials and each version's layout are computed once, and a
 * symbol is a few passes over typed arrays. The result is checked against qrcode's own symbols.
 */

export type SegmentMode = "numeric" | "alphanumeric" | "byte";
export interface SegmentPlan {
  version: number;
  segments: Array<{ mode: SegmentMode; length: number }>;
}

/** What every symbol of one version shares, taken from a symbol qrcode made. */
export interface VersionLayout {
  size: number;
  /** Function-pattern modules (1), where data never goes. */
  reserved: Uint8Array;
  /** Dark function-pattern modules (finders, timing, alignment, version information). */
  functionDark: Uint8Array;
  /** The module index of each data bit, in placement order. */
  dataModules: Int32Array;
}

/** The layout of a version from any of its symbols (modules and function-pattern flags, row-major). */
export function versionLayout(size: number, modules: Uint8Array, reserved: Uint8Array): VersionLayout {
  const functionDark = new Uint8Array(size * size);
  for (let i = 0; i < functionDark.length; i++) functionDark[i] = reserved[i]! & modules[i]!;
  // The zigzag of qrcode's setupData: two-module columns from the right, up then down, skipping the
  // vertical timing pattern.
  const order: number[] = [];
  let row = size - 1;
  let step = -1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
      row += step;
      if (row < 0 || row >= size) {
        row -= step;
        step = -step;
        break;
      }
    }
  }
  return { size, reserved, functionDark, dataModules: Int32Array.from(order) };
}

const MODE_BITS: Record<SegmentMode, number> = { numeric: 0b0001, alphanumeric: 0b0010, byte: 0b0100 };
const COUNT_BITS: Record<SegmentMode, [number, number, number]> = {
  numeric: [10, 12, 14],
  alphanumeric: [9, 11, 13],
  byte: [8, 16, 16],
};
const ALPHANUMERIC_VALUES = new Map(
  Array.from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", (c, i) => [c.charCodeAt(0), i]),
);

class BitWriter {
  readonly bytes: Uint8Array;
  length = 0;

  constructor(byteCount: number) {
    this.bytes = new Uint8Array(byteCount);
  }

  put(value: number, bits: number): void {
    for (let bit = bits - 1; bit >= 0; bit--) {
      if ((value >>> bit) & 1) this.bytes[this.length >>> 3]! |= 0x80 >>> (this.length & 7);
      this.length++;
    }
  }
}

/** The data codewords of ASCII `text` under `plan`, padded as qrcode pads them. */
function dataCodewords(text: string, plan: SegmentPlan, dataCount: number): Uint8Array {
  const out = new BitWriter(dataCount);
  const countBits = plan.version < 10 ? 0 : plan.version < 27 ? 1 : 2;
  let start = 0;
  for (const { mode, length } of plan.segments) {
    out.put(MODE_BITS[mode], 4);
    out.put(length, COUNT_BITS[mode][countBits]);
    const end = start + length;
    if (mode === "byte") {
      for (let i = start; i < end; i++) out.put(text.charCodeAt(i), 8);
    } else if (mode === "numeric") {
      let i = start;
      for (; i + 3 <= end; i += 3) out.put(Number(text.slice(i, i + 3)), 10);
      if (i < end) out.put(Number(text.slice(i, end)), (end - i) * 3 + 1);
    } else {
      let i = start;
      for (; i + 2 <= end; i += 2)
        out.put(
          ALPHANUMERIC_VALUES.get(text.charCodeAt(i))! * 45 + ALPHANUMERIC_VALUES.get(text.charCodeAt(i + 1))!,
          11,
        );
      if (i < end) out.put(ALPHANUMERIC_VALUES.get(text.charCodeAt(i))!, 6);
    }
    start = end;
  }
  const capacity = dataCount * 8;
  if (out.length + 4 <= capacity) out.put(0, 4); // terminator
  out.length = Math.ceil(out.length / 8) * 8;
  for (let pad = 0; out.length < capacity; pad++) out.put(pad % 2 ? 0x11 : 0xec, 8);
  return out.bytes;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;

const generators = new Map<number, Uint8Array>();

/** The generator polynomial (x - α^0)…(x - α^(degree-1)) as the logs of its coefficients after the leading 1. */
function generatorLogs(degree: number): Uint8Array {
  let logs = generators.get(degree);
  if (!logs) {
    let poly = [1];
    for (let i = 0; i < degree; i++) {
      const next = new Array<number>(poly.length + 1).fill(0);
      for (let j = 0; j < poly.length; j++) {
        next[j]! ^= poly[j]!;
        if (poly[j]) next[j + 1]! ^= EXP[LOG[poly[j]!]! + i]!;
      }
      poly = next;
    }
    logs = Uint8Array.from(poly.slice(1), (c) => LOG[c]!);
    generators.set(degree, logs);
  }
  return logs;
}

/** The `degree` error-correction codewords of one block: the remainder of its division by the generator. */
function errorCorrection(data: Uint8Array, degree: number): Uint8Array {
  const logs = generatorLogs(degree);
  const remainder = new Uint8Array(degree);
  for (const byte of data) {
    const factor = byte ^ remainder[0]!;
    remainder.copyWithin(0, 1);
    remainder[degree - 1] = 0;
    if (factor === 0) continue;
    const factorLog = LOG[factor]!;
    for (let j = 0; j < degree; j++) remainder[j]! ^= EXP[logs[j]! + factorLog]!;
  }
  return remainder;
}

/** All codewords in transmission order: data blocks interleaved, then their error correction, as qrcode does. */
function symbolCodewords(text: string, plan: SegmentPlan, level: ErrorCorrection, totalCount: number): Uint8Array {
  const qrLevel = ecLevels[level];
  const ecCount = ecCode.getTotalCodewordsCount(plan.version, qrLevel);
  const blockCount = ecCode.getBlocksCount(plan.version, qrLevel);
  const dataCount = totalCount - ecCount;
  const data = dataCodewords(text, plan, dataCount);
  const longBlocks = totalCount % blockCount;
  const shortData = Math.floor(dataCount / blockCount);
  const ecPerBlock = Math.floor(totalCount / blockCount) - shortData;
  const blocks: Array<{ data: Uint8Array; ec: Uint8Array }> = [];
  for (let b = 0, offset = 0; b < blockCount; b++) {
    const size = b < blockCount - longBlocks ? shortData : shortData + 1;
    const block = data.subarray(offset, (offset += size));
    blocks.push({ data: block, ec: errorCorrection(block, ecPerBlock) });
  }
  const out = new Uint8Array(totalCount);
  let index = 0;
  for (let i = 0; i <= shortData; i++)
    for (const block of blocks) if (i < block.data.length) out[index++] = block.data[i]!;
  for (let i = 0; i < ecPerBlock; i++) for (const block of blocks) out[index++] = block.ec[i]!;
  return out;
}

/** The symbol's modules (row-major), under the mask qrcode would choose. */
export function encodeSymbol(
  text: string,
  plan: SegmentPlan,
  level: ErrorCorrection,
  layout: VersionLayout,
): Uint8Array {
  const { size, dataModules, functionDark } = layout;
  const codewords = symbolCodewords(text, plan, level, dataModules.length >>> 3);
  const maskLanes = maskLanesFor(size, layout.reserved);
  // Each module as a byte of its colours under the eight masks (./mask.ts); leftover bits are light.
  const lanes = new Uint8Array(size * size);
  for (let i = 0; i < lanes.length; i++) lanes[i] = -functionDark[i]! & 0xff;
  const dataBits = codewords.length * 8;
  for (let j = 0; j < dataModules.length; j++) {
    const bit = j < dataBits ? (codewords[j >>> 3]! >>> (7 - (j & 7))) & 1 : 0;
    const position = dataModules[j]!;
    lanes[position] = (-bit & 0xff) ^ maskLanes[position]!;
  }
  return chooseMask(lanes, size, level);
}
