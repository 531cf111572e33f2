import { DomainError } from "@/lib/domain/errors";

/**
 * The named problems of an uploaded file. Each is a 400 whose message says what is wrong and whose
 * one detail `{ path: "file", message: <code> }` names it for programs.
 */
export type ActivityProblem =
  | "empty_file"
  | "unknown_format"
  | "not_fit"
  | "fit_crc_mismatch"
  | "fit_truncated"
  | "malformed_xml"
  | "xml_doctype"
  | "bad_gzip"
  | "no_track_points"
  | "no_timestamps"
  | "too_long"
  | "outside_event_window";

export const activityProblem = (code: ActivityProblem, message: string) =>
  new DomainError("invalid", message, { details: [{ path: "file", message: code }] });
