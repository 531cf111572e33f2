/**
 * The one track model every uploaded format is normalised to, and what is derived from it: pure
 * functions, no I/O. Times are epoch milliseconds; coordinates WGS84 degrees.
 */
export interface TrackPoint {
  time: number;
  lat: number;
  lon: number;
  elevation?: number;
  heartRate?: number;
}

/** A point as a parser read it: anything may be missing or out of range. */
export interface RawPoint {
  time?: number;
  lat?: number;
  lon?: number;
  elevation?: number;
  heartRate?: number;
}

export interface NormalisedTrack {
  points: TrackPoint[];
  /** Points read but not kept: without a valid position or time, or with time going backwards. */
  dropped: { invalid: number; backwards: number; untimed: number };
}

/** Earth's mean radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
/** Slower than this between two points counts as standing still for the moving time. */
export const MOVING_SPEED_M_S = 0.5;
/** A gap longer than this (a paused recording) never counts as moving. */
export const MAX_MOVING_GAP_S = 60;

/** 2100-01-01: a later time is a broken clock, not a recording. */
const LATEST_TIME_MS = 4_102_444_800_000;

const finite = (value: number | undefined): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Keeps the points with a finite time and a position inside the valid range (not the 0,0 of a watch
 * without a fix), in recording order; a point earlier than the last kept one is dropped, one at the
 * same time kept. Elevation outside -500…9000 m and heart rate outside 20…260 bpm are cleared, not fatal.
 */
export function normaliseTrack(raw: Iterable<RawPoint>): NormalisedTrack {
  const points: TrackPoint[] = [];
  const dropped = { invalid: 0, backwards: 0, untimed: 0 };
  let last = -Infinity;
  for (const p of raw) {
    if (
      !finite(p.lat) ||
      !finite(p.lon) ||
      Math.abs(p.lat) > 90 ||
      Math.abs(p.lon) > 180 ||
      (p.lat === 0 && p.lon === 0)
    ) {
      dropped.invalid++;
      continue;
    }
    if (!finite(p.time) || p.time < 0 || p.time > LATEST_TIME_MS) {
      dropped.untimed++;
      continue;
    }
    if (p.time < last) {
      dropped.backwards++;
      continue;
    }
    last = p.time;
    const point: TrackPoint = { time: Math.round(p.time), lat: p.lat, lon: p.lon };
    if (finite(p.elevation) && p.elevation >= -500 && p.elevation <= 9000) point.elevation = p.elevation;
    if (finite(p.heartRate) && p.heartRate >= 20 && p.heartRate <= 260) point.heartRate = Math.round(p.heartRate);
    points.push(point);
  }
  return { points, dropped };
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres between two positions (haversine). */
export function haversineMeters(a: Pick<TrackPoint, "lat" | "lon">, b: Pick<TrackPoint, "lat" | "lon">): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface TrackSummary {
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  movingSeconds: number;
  distanceMeters: number;
  points: number;
}

/** Start, end, elapsed and moving time, and distance of a normalised track with at least one point. */
export function summarise(points: readonly TrackPoint[]): TrackSummary {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let distance = 0;
  let moving = 0;
  for (let i = 1; i < points.length; i++) {
    const step = haversineMeters(points[i - 1]!, points[i]!);
    const seconds = (points[i]!.time - points[i - 1]!.time) / 1000;
    distance += step;
    if (seconds > 0 && seconds <= MAX_MOVING_GAP_S && step / seconds >= MOVING_SPEED_M_S) moving += seconds;
  }
  return {
    startedAt: new Date(first.time),
    endedAt: new Date(last.time),
    durationSeconds: Math.round((last.time - first.time) / 1000),
    movingSeconds: Math.round(moving),
    distanceMeters: Math.round(distance * 10) / 10,
    points: points.length,
  };
}
