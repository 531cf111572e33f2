import { gunzipSync } from "node:zlib";
import { parseFitTrack } from "./fit";
import { activityProblem } from "./problems";
import { normaliseTrack, summarise, type NormalisedTrack, type TrackSummary } from "./track";
import { parseXmlTrack } from "./xml";

/** The largest file taken, as sent and after gunzip alike. */
export const MAX_ACTIVITY_BYTES = 25 * 1024 ** 2;
/** The largest request body: the file, and room for a multipart form's boundaries and headers. */
export const MAX_ACTIVITY_UPLOAD_BYTES = MAX_ACTIVITY_BYTES + 64 * 1024;
/** What an upload may declare; the format itself is told by the content. */
export const ACTIVITY_UPLOAD_CONTENT_TYPES = [
  "application/octet-stream",
  "application/vnd.ant.fit",
  "application/fit",
  "application/gpx+xml",
  "application/vnd.garmin.tcx+xml",
  "application/tcx+xml",
  "application/xml",
  "text/xml",
  "application/gzip",
  "application/x-gzip",
  "multipart/form-data",
];
/** Longer than this is a broken clock, not an activity. */
const MAX_DURATION_MS = 20 * 24 * 3600 * 1000;

export type ActivityFormat = "fit" | "gpx" | "tcx";

export interface ParsedActivity {
  format: ActivityFormat;
  gzipped: boolean;
  track: NormalisedTrack;
  summary: TrackSummary;
}

/** Thrown when the file (or what it unzips to) exceeds `MAX_ACTIVITY_BYTES`: a 413 at the edge. */
export class ActivityTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file must be at most ${limit / 1024 ** 2} MiB, also once unzipped`);
  }
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isFit = (b: Uint8Array) => b.length >= 12 && b[8] === 0x2e && b[9] === 0x46 && b[10] === 0x49 && b[11] === 0x54; // ".FIT"

/** Unzips at most `limit` bytes: a gzip bomb stops there instead of filling memory. */
function gunzipBounded(bytes: Uint8Array, limit: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new ActivityTooLarge(limit);
    }
    throw activityProblem("bad_gzip", "the file looks gzipped but does not unzip");
  }
}

/** The first non-blank character of a text file (after a UTF-8 BOM): "<" for XML. */
function startsLikeXml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    i < 4096 &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i] === 0x3c;
}

/**
 * A FIT, GPX or TCX file (each possibly gzipped) as one normalised track and its summary, or a named
 * problem. The format is told by the content, never by a file name or media type.
 */
export async function parseActivityFile(input: Uint8Array, limit = MAX_ACTIVITY_BYTES): Promise<ParsedActivity> {
  if (input.length === 0) throw activityProblem("empty_file", "the file is empty");
  const gzipped = isGzip(input);
  const bytes = gzipped ? gunzipBounded(input, limit) : input;
  if (bytes.length === 0) throw activityProblem("empty_file", "the file is empty once unzipped");
  let format: ActivityFormat;
  let raw;
  if (isFit(bytes)) {
    format = "fit";
    raw = await parseFitTrack(bytes);
  } else if (startsLikeXml(bytes)) {
    const xml = await parseXmlTrack(bytes);
    format = xml.format;
    raw = xml.points;
  } else {
    throw activityProblem("not_fit", "not a FIT file (no .FIT header), nor GPX or TCX");
  }
  if (raw.length === 0) throw activityProblem("no_track_points", "the file has no track points");
  const track = normaliseTrack(raw);
  if (track.points.length === 0) {
    if (track.dropped.untimed > 0) {
      throw activityProblem("no_timestamps", "the track points have no timestamps; record with time to upload");
    }
    throw activityProblem("no_track_points", "the file has no track points with a valid position");
  }
  const summary = summarise(track.points);
  if (summary.endedAt.getTime() - summary.startedAt.getTime() > MAX_DURATION_MS) {
    throw activityProblem("too_long", "the activity lasts more than 20 days; its clock is wrong");
  }
  return { format, gzipped, track, summary };
}

/** A day either side of the event's dates still counts as near enough to keep. */
const WINDOW_SLACK_MS = 24 * 3600 * 1000;

/**
 * Whether the activity lies inside the event's time window (true for an event without dates), and a
 * refusal for one entirely outside it by more than a day: most likely the wrong file.
 */
export function checkEventWindow(
  summary: Pick<TrackSummary, "startedAt" | "endedAt">,
  event: { startsAt: Date | null; endsAt: Date | null },
): boolean {
  const start = summary.startedAt.getTime();
  const end = summary.endedAt.getTime();
  const from = event.startsAt?.getTime() ?? -Infinity;
  const to = event.endsAt?.getTime() ?? (event.startsAt ? from + WINDOW_SLACK_MS : Infinity);
  if (end < from - WINDOW_SLACK_MS || start > to + WINDOW_SLACK_MS) {
    const day = (d: Date | null) => d?.toISOString().slice(0, 10);
    const dates =
      event.endsAt && day(event.endsAt) !== day(event.startsAt)
        ? `${day(event.startsAt) ?? "…"} to ${day(event.endsAt)}`
        : day(event.startsAt);
    throw activityProblem(
      "outside_event_window",
      `the activity (${summary.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC) is more than a day away from the event (${dates}); is it the right file?`,
    );
  }
  return start >= from && end <= to;
}
