/**
 * QR mask selection (ISO/IEC 18004 7.8) on flat byte arrays. The `qrcode` package scores the eight
 * masks through per-module method calls, two thirds of its time per symbol; this does the same
 * scoring with the same rules, tie-break and result, all eight masks in one pass, on a symbol
 * `qrcode` made with mask 0 through its public API (./render.ts).
 */

export type ErrorCorrection = "L" | "M" | "Q" | "H";

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

/*
 * The eight candidate symbols are scored side by side: each module is one byte whose bit m is its
 * colour under mask m (a "lane"), so one pass of bitwise operations evaluates every rule for all
 * eight masks at once. A rule's hits form a byte too (bit m: hit under mask m); they are tallied in
 * a 256-entry histogram, weighted by the rule's points, and split into per-mask scores at the end.
 */

const maskLaneTables = new Map<number, Uint8Array>();

/** Per module, bit m set when mask m flips it; 0 on function patterns (`reserved`). Cached per size. */
function maskLanesFor(size: number, reserved: Uint8Array): Uint8Array {
  let lanes = maskLaneTables.get(size);
  if (!lanes) {
    lanes = new Uint8Array(size * size);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (reserved[row * size + col]) continue;
        for (let mask = 0; mask < MASKS.length; mask++)
          if (MASKS[mask]!(row, col)) lanes[row * size + col]! |= 1 << mask;
      }
    }
    maskLaneTables.set(size, lanes);
  }
  return lanes;
}

/** Where format bit i (0–14) goes, both copies, as module indices; cached per size. */
const formatPositionTables = new Map<number, { first: Int32Array; second: Int32Array }>();

function formatPositions(size: number): { first: Int32Array; second: Int32Array } {
  let positions = formatPositionTables.get(size);
  if (!positions) {
    positions = { first: new Int32Array(15), second: new Int32Array(15) };
    for (let i = 0; i < 15; i++) {
      const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
      positions.first[i] = row * size + 8;
      const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
      positions.second[i] = 8 * size + col;
    }
    formatPositionTables.set(size, positions);
  }
  return positions;
}

/** Per level, format bit i of every mask as one lanes byte. */
const FORMAT_LANES = Object.fromEntries(
  (Object.keys(EC_LEVEL_BITS) as ErrorCorrection[]).map((level) => [
    level,
    Uint8Array.from({ length: 15 }, (_, i) =>
      MASKS.reduce((lane, _mask, mask) => lane | (((formatBits(level, mask) >> i) & 1) << mask), 0),
    ),
  ]),
) as Record<ErrorCorrection, Uint8Array>;

/** Writes each mask's format bits into its lane, both copies, and the fixed dark module in every lane. */
function placeFormatLanes(lanes: Uint8Array, size: number, level: ErrorCorrection): void {
  const { first, second } = formatPositions(size);
  const format = FORMAT_LANES[level];
  for (let i = 0; i < 15; i++) {
    lanes[first[i]!] = format[i]!;
    lanes[second[i]!] = format[i]!;
  }
  lanes[(size - 8) * size + 8] = 0xff;
}

const N1 = 3;
const N2 = 3;
const N3 = 40;
const N4 = 10;

/**
 * Adds the run (N1) and finder-like (N3) hits of one row or column to `points`, by the rules of
 * qrcode's MaskPattern.getPenaltyN1 and N3. A run of L ≥ 5 equal modules scores N1 + (L - 5): here
 * 1 for each of its L - 4 windows of five, plus 2 where it reaches five. The finder-like patterns
 * are 1011101 with four light modules after or before it, within the line.
 */
function scoreLine(line: Uint8Array, core: Uint8Array, light: Uint8Array, points: Int32Array): void {
  const n = line.length;
  let eq1 = 0;
  let eq2 = 0;
  let eq3 = 0;
  let previousWindow = 0;
  for (let k = 1; k < n; k++) {
    const v = line[k]!;
    const eq = ~(v ^ line[k - 1]!) & 0xff;
    if (k >= 4) {
      const window = eq & eq1 & eq2 & eq3;
      points[window]! += 1;
      points[window & ~previousWindow]! += N1 - 1;
      previousWindow = window;
    }
    eq3 = eq2;
    eq2 = eq1;
    eq1 = eq;
    if (k >= 3) light[k] = ~(v | line[k - 1]! | line[k - 2]! | line[k - 3]!) & 0xff;
    if (k >= 6) {
      core[k] = line[k - 6]! & ~line[k - 5]! & line[k - 4]! & line[k - 3]! & line[k - 2]! & ~line[k - 1]! & v;
      if (k >= 10) {
        points[core[k - 4]! & light[k]!]! += N3;
        points[light[k - 7]! & core[k]!]! += N3;
      }
    }
  }
}

/** Each mask's penalty score (ISO/IEC 18004 7.8.3), as qrcode computes it, from the lanes of a symbol. */
function laneScores(lanes: Uint8Array, size: number): number[] {
  const points = new Int32Array(256);
  const darkByLanes = new Int32Array(256);
  const line = new Uint8Array(size);
  const core = new Uint8Array(size);
  const light = new Uint8Array(size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      line[b] = lanes[a * size + b]!;
      darkByLanes[line[b]!]! += 1;
    }
    scoreLine(line, core, light, points);
    for (let b = 0; b < size; b++) line[b] = lanes[b * size + a]!;
    scoreLine(line, core, light, points);
  }
  for (let row = 0; row < size - 1; row++) {
    for (let col = 0; col < size - 1; col++) {
      const i = row * size + col;
      const v = lanes[i]!;
      points[~((v ^ lanes[i + 1]!) | (v ^ lanes[i + size]!) | (v ^ lanes[i + size + 1]!)) & 0xff]! += N2;
    }
  }
  const total = size * size;
  return MASKS.map((_, mask) => {
    let score = 0;
    let dark = 0;
    for (let lanesByte = 1; lanesByte < 256; lanesByte++) {
      if (!((lanesByte >> mask) & 1)) continue;
      score += points[lanesByte]!;
      dark += darkByLanes[lanesByte]!;
    }
    return score + Math.abs(Math.ceil((dark * 100) / total / 5) - 10) * N4;
  });
}

/**
 * The symbol under the mask of lowest penalty (the first on a tie, as qrcode chooses), with its
 * format bits, from the same symbol under mask 0. `modules` and `reserved` are that symbol's modules
 * and function-pattern flags, row-major.
 */
export function applyBestMask(
  modules: Uint8Array,
  reserved: Uint8Array,
  size: number,
  level: ErrorCorrection,
): Uint8Array {
  const maskLanes = maskLanesFor(size, reserved);
  // Each module as a byte of its colours under the eight masks: undo mask 0, then apply all eight.
  const lanes = new Uint8Array(modules.length);
  for (let i = 0; i < lanes.length; i++) {
    const unmasked = modules[i]! ^ (maskLanes[i]! & 1);
    lanes[i] = (-unmasked & 0xff) ^ maskLanes[i]!;
  }
  placeFormatLanes(lanes, size, level);
  const scores = laneScores(lanes, size);
  const best = scores.indexOf(Math.min(...scores));
  const chosen = new Uint8Array(lanes.length);
  for (let i = 0; i < chosen.length; i++) chosen[i] = (lanes[i]! >> best) & 1;
  return chosen;
}
