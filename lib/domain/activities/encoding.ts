import { gunzipSync, gzipSync } from "node:zlib";
import type { TrackPoint } from "./track";

/**
 * Compact storage of a normalised track: columns of delta-encoded Int32 (time in ms, latitude and
 * longitude in 1e-7 degrees, elevation in cm) and heart rate as bytes, gzipped. Consecutive points of
 * a 1 Hz recording differ by small numbers, which gzip packs tightly: 36,000 points take a few
 * hundred KB at most. Positions keep 1e-7 degrees (about 1 cm), the precision of FIT and GPS.
 */
const VERSION = 1;
const HEADER_BYTES = 16;
const NO_ELEVATION = -2147483648; // Int32 minimum: "no value" in the elevation column

export const roundDegrees = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

export function encodeTrack(points: readonly TrackPoint[]): Uint8Array {
  const n = points.length;
  const hasElevation = points.some((p) => p.elevation !== undefined);
  const hasHeartRate = points.some((p) => p.heartRate !== undefined);
  const columns = 3 + (hasElevation ? 1 : 0);
  const buffer = new ArrayBuffer(HEADER_BYTES + n * 4 * columns + (hasHeartRate ? n : 0));
  const view = new DataView(buffer);
  view.setUint8(0, VERSION);
  view.setUint8(1, (hasElevation ? 1 : 0) | (hasHeartRate ? 2 : 0));
  view.setUint32(4, n, true);
  // The first time in seconds and its milliseconds, so that the deltas stay within Int32.
  const firstTime = n ? points[0]!.time : 0;
  view.setUint32(8, Math.floor(firstTime / 1000), true);
  view.setUint32(12, firstTime % 1000, true);
  const column = (index: number) => new Int32Array(buffer, HEADER_BYTES + index * n * 4, n);
  const times = column(0);
  const lats = column(1);
  const lons = column(2);
  const elevations = hasElevation ? column(3) : undefined;
  let [t0, la0, lo0, e0] = [firstTime, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    const la = Math.round(p.lat * 1e7);
    const lo = Math.round(p.lon * 1e7);
    times[i] = Math.min(2147483647, p.time - t0);
    lats[i] = la - la0;
    lons[i] = lo - lo0;
    [t0, la0, lo0] = [p.time, la, lo];
    if (elevations) {
      if (p.elevation === undefined) elevations[i] = NO_ELEVATION;
      else {
        const e = Math.round(p.elevation * 100);
        elevations[i] = e - e0;
        e0 = e;
      }
    }
  }
  if (hasHeartRate) {
    const rates = new Uint8Array(buffer, HEADER_BYTES + n * 4 * columns, n);
    points.forEach((p, i) => (rates[i] = p.heartRate ?? 0));
  }
  return gzipSync(new Uint8Array(buffer), { level: 6 });
}

export function decodeTrack(stored: Uint8Array): TrackPoint[] {
  const bytes = gunzipSync(stored);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const view = new DataView(buffer);
  if (view.getUint8(0) !== VERSION) throw new Error(`unknown track encoding ${view.getUint8(0)}`);
  const flags = view.getUint8(1);
  const n = view.getUint32(4, true);
  const hasElevation = (flags & 1) !== 0;
  const columns = 3 + (hasElevation ? 1 : 0);
  const column = (index: number) => new Int32Array(buffer, HEADER_BYTES + index * n * 4, n);
  const times = column(0);
  const lats = column(1);
  const lons = column(2);
  const elevations = hasElevation ? column(3) : undefined;
  const rates = flags & 2 ? new Uint8Array(buffer, HEADER_BYTES + n * 4 * columns, n) : undefined;
  let t = view.getUint32(8, true) * 1000 + view.getUint32(12, true);
  let [la, lo, e] = [0, 0, 0];
  const points: TrackPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    t += times[i]!;
    la += lats[i]!;
    lo += lons[i]!;
    const point: TrackPoint = { time: t, lat: la / 1e7, lon: lo / 1e7 };
    if (elevations && elevations[i] !== NO_ELEVATION) {
      e += elevations[i]!;
      point.elevation = e / 100;
    }
    if (rates && rates[i]) point.heartRate = rates[i];
    points[i] = point;
  }
  return points;
}
