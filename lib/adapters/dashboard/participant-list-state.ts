import type { MergePreview, SavedMerge } from "./participants";

/* What the participant page's browser code imports: no server modules, no parser (see form-state.ts). */

/** The largest participant list: refused in the browser already, and by the upload route while the body arrives. */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;
export const NO_LIST_MESSAGE = "Choose the CSV file from your registration platform (at most 16 MB).";

/** The participant page's state: the upload route's answer (lib/adapters/dashboard/participant-upload.ts). */
export interface ParticipantListState {
  status: "idle" | "preview" | "saved" | "error";
  message?: string;
  /** The list being merged, kept in the browser between checking and saving. */
  list?: { text: string; bom: boolean; fileName: string };
  preview?: MergePreview;
  saved?: SavedMerge & { fileName: string };
}
