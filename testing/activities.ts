import { gzipSync } from "node:zlib";
import { FitWriter } from "@markw65/fit-file-writer";

/**
 * Activity files made in tests with each format's own tools: FIT with @markw65/fit-file-writer (an
 * encoder independent of the decoder under test: file id, records, a lap, a session and the activity),
 * GPX 1.1 and TCX written as XML. Positions have 7 decimals, the precision the track is stored with.
 */
export interface SamplePoint {
  time: Date;
  lat: number;
  lon: number;
  elevation?: number;
  heartRate?: number;
}

/** A run of `count` points a second apart from `start`, heading north-east at about 3 m/s, with a little noise. */
export function samplePoints(count: number, start = new Date("2027-05-01T08:00:00Z"), seed = 1): SamplePoint[] {
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2e-5;
  return Array.from({ length: count }, (_, i) => ({
    time: new Date(start.getTime() + i * 1000),
    lat: Number((47.3769 + i * 2e-5 + noise()).toFixed(7)),
    lon: Number((8.5417 + i * 2e-5 + noise()).toFixed(7)),
    elevation: Math.round((408 + 20 * Math.sin(i / 300)) * 5) / 5,
    heartRate: 120 + (i % 40),
  }));
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

export function fitFile(points: readonly SamplePoint[]): Uint8Array {
  const w = new FitWriter();
  const first = points[0]?.time ?? new Date("2027-05-01T08:00:00Z");
  const last = points[points.length - 1]?.time ?? first;
  const seconds = (last.getTime() - first.getTime()) / 1000;
  const start = w.time(first);
  w.writeMessage(
    "file_id",
    { type: "activity", manufacturer: "garmin", product: 0, serial_number: 0x1234, time_created: start },
    null,
    true,
  );
  for (const p of points) {
    w.writeMessage("record", {
      timestamp: w.time(p.time),
      position_lat: w.latlng(radians(p.lat)),
      position_long: w.latlng(radians(p.lon)),
      ...(p.elevation === undefined ? {} : { altitude: p.elevation }),
      ...(p.heartRate === undefined ? {} : { heart_rate: p.heartRate }),
    });
  }
  const end = w.time(last);
  w.writeMessage(
    "lap",
    { timestamp: end, start_time: start, total_elapsed_time: seconds, total_timer_time: seconds },
    null,
    true,
  );
  w.writeMessage(
    "session",
    {
      timestamp: end,
      start_time: start,
      total_elapsed_time: seconds,
      total_timer_time: seconds,
      sport: "running",
      num_laps: 1,
    },
    null,
    true,
  );
  w.writeMessage(
    "activity",
    { timestamp: end, total_timer_time: seconds, num_sessions: 1, type: "manual" },
    null,
    true,
  );
  const view = w.finish();
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

export function gpxFile(points: readonly SamplePoint[], { withTime = true } = {}): string {
  const trkpts = points.map(
    (p) =>
      `<trkpt lat="${p.lat}" lon="${p.lon}">${p.elevation === undefined ? "" : `<ele>${p.elevation}</ele>`}${withTime ? `<time>${iso(p.time)}</time>` : ""}` +
      (p.heartRate === undefined
        ? ""
        : `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${p.heartRate}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`) +
      `</trkpt>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="racekeys tests" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<metadata><time>${iso(points[0]?.time ?? new Date())}</time></metadata>
<trk><name>Morning Run &amp; more</name><trkseg>
${trkpts.join("\n")}
</trkseg></trk></gpx>
`;
}

export function tcxFile(points: readonly SamplePoint[]): string {
  const tps = points.map(
    (p) =>
      `<Trackpoint><Time>${iso(p.time)}</Time><Position><LatitudeDegrees>${p.lat}</LatitudeDegrees><LongitudeDegrees>${p.lon}</LongitudeDegrees></Position>` +
      (p.elevation === undefined ? "" : `<AltitudeMeters>${p.elevation}</AltitudeMeters>`) +
      (p.heartRate === undefined ? "" : `<HeartRateBpm><Value>${p.heartRate}</Value></HeartRateBpm>`) +
      `</Trackpoint>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>${iso(points[0]?.time ?? new Date())}</Id>
<Lap StartTime="${iso(points[0]?.time ?? new Date())}"><Track>
${tps.join("\n")}
</Track></Lap></Activity></Activities></TrainingCenterDatabase>
`;
}

export const gzip = (data: string | Uint8Array) => new Uint8Array(gzipSync(data));

/** The billion laughs: ten levels of ten entity references. */
export const xmlBomb = `<?xml version="1.0"?>
<!DOCTYPE gpx [
<!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("\n")}
]>
<gpx version="1.1"><trk><name>&lol9;</name></trk></gpx>`;

/** A gzip of `megabytes` MiB of zeros: a few KB that unzip beyond any limit. */
export const gzipBomb = (megabytes: number) => gzip(new Uint8Array(megabytes * 1024 ** 2));
