import type { MergePreview } from "./participants";

/* What the participant page's browser code imports: no server modules, no parser (see form-state.ts). */

/** Uploads above this are refused in the browser already; next.config.ts allows server actions a little more. */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** The participant page's state between its server action and the browser. */
export interface ParticipantListState {
  status: "idle" | "preview" | "saved" | "error";
  message?: string;
  /** The list being merged, kept in the browser between checking and saving. */
  list?: { text: string; bom: boolean; fileName: string };
  preview?: MergePreview;
  saved?: { count: number; csv: string; fileName: string };
}
