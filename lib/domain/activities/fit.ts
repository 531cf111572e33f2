import FitParser from "fit-file-parser";
import { activityProblem } from "./problems";
import type { RawPoint } from "./track";

/**
 * A FIT file's record messages with fit-file-parser (MIT; Garmin's own SDK is under the FIT Protocol
 * License, not an open-source licence: docs/notes-wt-activities.md). `force: false` makes it check
 * the header and file CRCs, which tells a damaged or cut-off file from a whole one.
 */
const PROBLEMS: [RegExp, Parameters<typeof activityProblem>[0], string][] = [
  [/CRC mismatch/i, "fit_crc_mismatch", "the FIT file's CRC does not match: the file is damaged"],
  [/exceeds input length|CRC missing|to small/i, "fit_truncated", "the FIT file is cut off before its end"],
];

interface FitRecord {
  timestamp?: Date | string | number;
  position_lat?: number;
  position_long?: number;
  altitude?: number;
  enhanced_altitude?: number;
  heart_rate?: number;
}

export async function parseFitTrack(bytes: Uint8Array): Promise<RawPoint[]> {
  const parser = new FitParser({
    force: false,
    mode: "list",
    lengthUnit: "m",
    speedUnit: "m/s",
    elapsedRecordField: false,
  });
  let records: FitRecord[];
  try {
    const parsed = await parser.parseAsync(Buffer.from(bytes));
    records = ((parsed as { records?: FitRecord[] }).records ?? []) as FitRecord[];
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const known = PROBLEMS.find(([pattern]) => pattern.test(text));
    if (known) throw activityProblem(known[1], known[2]);
    throw activityProblem("not_fit", "not a FIT file that can be decoded");
  }
  return records.map((r) => ({
    time: r.timestamp === undefined ? undefined : new Date(r.timestamp).getTime(),
    lat: r.position_lat,
    lon: r.position_long,
    elevation: r.enhanced_altitude ?? r.altitude,
    heartRate: r.heart_rate,
  }));
}
