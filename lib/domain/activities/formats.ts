import type { TrackPoint } from "./track";

/** The track as the API's JSON points: ISO times. */
export const trackJson = (points: readonly TrackPoint[]) =>
  points.map((p) => ({ ...p, time: new Date(p.time).toISOString() }));

/**
 * The track as a GeoJSON Feature (RFC 7946): a LineString of [lon, lat, elevation?] and, as
 * togeojson and most tools write them, `coordinateProperties.times` and `heartRates`.
 */
export function trackGeoJson(points: readonly TrackPoint[], properties: Record<string, unknown> = {}) {
  const hasHeartRate = points.some((p) => p.heartRate !== undefined);
  return {
    type: "Feature" as const,
    properties: {
      ...properties,
      coordinateProperties: {
        times: points.map((p) => new Date(p.time).toISOString()),
        ...(hasHeartRate ? { heartRates: points.map((p) => p.heartRate ?? null) } : {}),
      },
    },
    geometry: {
      type: "LineString" as const,
      coordinates: points.map((p) => (p.elevation === undefined ? [p.lon, p.lat] : [p.lon, p.lat, p.elevation])),
    },
  };
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The track as GPX 1.1, with heart rate in Garmin's TrackPointExtension. Streams as one string per point. */
export function* trackGpx(points: readonly TrackPoint[], name: string): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Racekeys" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n<trk><name>${escapeXml(name)}</name><trkseg>\n`;
  for (const p of points) {
    yield (
      `<trkpt lat="${p.lat}" lon="${p.lon}">` +
      (p.elevation === undefined ? "" : `<ele>${p.elevation}</ele>`) +
      `<time>${new Date(p.time).toISOString()}</time>` +
      (p.heartRate === undefined
        ? ""
        : `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${p.heartRate}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`) +
      `</trkpt>\n`
    );
  }
  yield `</trkseg></trk></gpx>\n`;
}
