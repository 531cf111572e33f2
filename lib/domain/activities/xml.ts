import { SaxesParser } from "saxes";
import type { RawPoint } from "./track";
import { activityProblem } from "./problems";

/**
 * GPX 1.0/1.1 and TCX track points read with saxes, a streaming XML parser: no document tree is
 * built, so memory grows with the points kept, not with the file, and the parser yields to the event
 * loop between chunks. A DOCTYPE is refused before anything else is read, so no entity can be
 * declared, let alone expanded (billion laughs, external entities).
 */
export type XmlFormat = "gpx" | "tcx";

const CHUNK_CHARS = 256 * 1024;
const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Elements whose text is a field of the current point, per format. */
const FIELDS: Record<XmlFormat, Record<string, keyof RawPoint>> = {
  gpx: { time: "time", ele: "elevation", hr: "heartRate" },
  tcx: {
    Time: "time",
    LatitudeDegrees: "lat",
    LongitudeDegrees: "lon",
    AltitudeMeters: "elevation",
    Value: "heartRate",
  },
};
const POINT: Record<XmlFormat, string> = { gpx: "trkpt", tcx: "Trackpoint" };
const ROOT: Record<string, XmlFormat> = { gpx: "gpx", TrainingCenterDatabase: "tcx" };

export interface XmlTrack {
  format: XmlFormat;
  points: RawPoint[];
}

export async function parseXmlTrack(bytes: Uint8Array): Promise<XmlTrack> {
  const parser = new SaxesParser({ position: false });
  const points: RawPoint[] = [];
  let format: XmlFormat | undefined;
  let point: RawPoint | undefined;
  let field: keyof RawPoint | undefined;
  let text = "";
  let failure: Error | undefined;
  const fail = (error: Error) => (failure ??= error);

  parser.on("doctype", () => {
    fail(activityProblem("xml_doctype", "XML with a DOCTYPE is refused (entity declarations are not accepted)"));
  });
  parser.on("error", (error) => {
    fail(activityProblem("malformed_xml", `the file is not well-formed XML: ${error.message.split("\n")[0]}`));
  });
  parser.on("opentag", (tag) => {
    const name = local(tag.name);
    if (!format) {
      format = ROOT[name];
      if (!format) fail(activityProblem("unknown_format", `an XML file with a <${name}> root is neither GPX nor TCX`));
      return;
    }
    if (name === POINT[format]) {
      point = {};
      if (format === "gpx") {
        point.lat = Number(tag.attributes.lat ?? NaN);
        point.lon = Number(tag.attributes.lon ?? NaN);
      }
    } else if (point) {
      field = FIELDS[format][name];
      text = "";
    }
  });
  parser.on("text", (chunk) => {
    if (field) text += chunk;
  });
  parser.on("closetag", (tag) => {
    if (!point || !format) return;
    const name = local(tag.name);
    if (name === POINT[format]) {
      points.push(point);
      point = undefined;
    } else if (field && FIELDS[format][name] === field) {
      const value = text.trim();
      point[field] = field === "time" ? Date.parse(value) : Number(value);
      field = undefined;
    }
  });

  const decoder = new TextDecoder("utf-8", { fatal: false });
  const all = decoder.decode(bytes);
  for (let offset = 0; offset < all.length && !failure; offset += CHUNK_CHARS) {
    parser.write(all.slice(offset, offset + CHUNK_CHARS));
    if (!failure) await new Promise((resolve) => setImmediate(resolve));
  }
  if (!failure) parser.close();
  if (failure) throw failure;
  if (!format) throw activityProblem("unknown_format", "the file is neither FIT, GPX nor TCX");
  return { format, points };
}
