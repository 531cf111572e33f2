import type { ErrorCorrection } from "./render";

/**
 * QR mask selection (ISO/IEC 18004 7.8) on flat byte arrays. The `qrcode` package scores the eight
 * masks through per-module method calls, which is two thirds of its time per code; this does the
 * same scoring with the same rules, tie-break and result in a few passes over a Uint8Array, so
 * 10,000 label codes take a fraction of the time.
 */

const EC_LEVEL_BITS: Record<ErrorCorrection, number> = { L: 1, M: 0, Q: 3, H: 2 };
const FORMAT_GENERATOR = 0b101_0011_0111;
const FORMAT_XOR_MASK = 0b101_0100_0001_0010;

/** The 15 format bits of an error-correction level and mask: BCH(15,5), then XOR-masked. */
export function formatBits(level: ErrorCorrection, mask: number): number {
  const data = (EC_LEVEL_BITS[level] << 3) | mask;
  let remainder = data << 10;
  for (let bit = 14; bit >= 10; bit--) {
    if (remainder & (1 << bit)) remainder ^= FORMAT_GENERATOR << (bit - 10);
  }
  return ((data << 10) | remainder) ^ FORMAT_XOR_MASK;
}

const MASKS: Array<(row: number, col: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

const maskTables = new Map<number, Uint8Array[]>();

/** Each mask as 0/1 per module, 0 on function patterns (`reserved`), cached per symbol size. */
function maskTablesFor(size: number, reserved: Uint8Array): Uint8Array[] {
  let tables = maskTables.get(size);
  if (!tables) {
    tables = MASKS.map((mask) => {
      const table = new Uint8Array(size * size);
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          if (!reserved[row * size + col] && mask(row, col)) table[row * size + col] = 1;
        }
      }
      return table;
    });
    maskTables.set(size, tables);
  }
  return tables;
}

/** Writes the format bits where the symbol carries them (both copies) and the fixed dark module. */
function placeFormatBits(modules: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    modules[row * size + 8] = bit;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    modules[8 * size + col] = bit;
  }
  modules[(size - 8) * size + 8] = 1;
}

const N1 = 3;
const N2 = 3;
const N3 = 40;
const N4 = 10;
const FINDER_LIKE_A = 0x5d0;
const FINDER_LIKE_B = 0x05d;

/** 1 if a equals b, else 0, for small non-negative integers; no branch. */
const same = (a: number, b: number) => ((a ^ b) - 1) >>> 31;
/** 1 if a > b, else 0, for small non-negative integers; no branch. */
const above = (a: number, b: number) => (b - a) >>> 31;

/**
 * The penalty score of a masked symbol, by the same rules as qrcode's MaskPattern.getPenaltyN1-4.
 * Module colours are random, so a branch per module would be mispredicted half the time: the
 * counting is arithmetic instead, which takes a third less time. A run of length L ≥ 5
 * scores N1 + (L - 5), counted here as N1 at its fifth module and 1 for each one after.
 */
export function penalty(modules: Uint8Array, size: number): number {
  let runPoints = 0;
  let dark = 0;
  let blocks = 0;
  let finderLike = 0;
  for (let a = 0; a < size; a++) {
    let rowRun = 0;
    let colRun = 0;
    let rowLast = 0;
    let colLast = 0;
    let rowBits = 0;
    let colBits = 0;
    for (let b = 0; b < size; b++) {
      const inRow = modules[a * size + b]!;
      const inCol = modules[b * size + a]!;
      dark += inRow;
      rowRun = (rowRun & -same(inRow, rowLast)) + 1;
      colRun = (colRun & -same(inCol, colLast)) + 1;
      rowLast = inRow;
      colLast = inCol;
      runPoints += N1 * same(rowRun, 5) + above(rowRun, 5) + N1 * same(colRun, 5) + above(colRun, 5);
      rowBits = ((rowBits << 1) & 0x7ff) | inRow;
      colBits = ((colBits << 1) & 0x7ff) | inCol;
      if (b >= 10) {
        finderLike += same(rowBits, FINDER_LIKE_A) + same(rowBits, FINDER_LIKE_B) + same(colBits, FINDER_LIKE_A) + same(colBits, FINDER_LIKE_B);
      }
    }
  }
  for (let row = 0; row < size - 1; row++) {
    for (let col = 0; col < size - 1; col++) {
      const i = row * size + col;
      const sum = modules[i]! + modules[i + 1]! + modules[i + size]! + modules[i + size + 1]!;
      blocks += same(sum & 3, 0); // all four light (0) or all dark (4)
    }
  }
  const total = size * size;
  return runPoints + blocks * N2 + finderLike * N3 + Math.abs(Math.ceil((dark * 100) / total / 5) - 10) * N4;
}

/**
 * Re-masks a symbol encoded with mask 0 with the mask of lowest penalty (the first on a tie, as
 * qrcode does). `modules` and `reserved` are the symbol's modules and function-pattern flags,
 * row-major; returns the chosen symbol's modules.
 */
export function applyBestMask(modules: Uint8Array, reserved: Uint8Array, size: number, level: ErrorCorrection): Uint8Array {
  const tables = maskTablesFor(size, reserved);
  const unmasked = modules.slice();
  const mask0 = tables[0]!;
  for (let i = 0; i < unmasked.length; i++) unmasked[i]! ^= mask0[i]!;
  let best = modules;
  let lowest = Infinity;
  const candidate = new Uint8Array(unmasked.length);
  for (let mask = 0; mask < tables.length; mask++) {
    const table = tables[mask]!;
    for (let i = 0; i < candidate.length; i++) candidate[i] = unmasked[i]! ^ table[i]!;
    placeFormatBits(candidate, size, formatBits(level, mask));
    const score = penalty(candidate, size);
    if (score < lowest) {
      lowest = score;
      best = candidate.slice();
    }
  }
  return best;
}
