import { z } from "zod";
import type { Db } from "@/db/client";
import type { Event } from "@/db/schema";
import { readBodyBytes } from "@/lib/adapters/http/body";
import { badRequest, fromZodError } from "@/lib/adapters/http/errors";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";
import { MAX_LIST_BYTES, NO_LIST_MESSAGE, type ParticipantListState } from "./participant-list-state";
import { decodeUpload, previewMerge, saveMerge } from "./participants";

/** What the browser says about the list in the query string; the list itself is the body. */
export const uploadQuerySchema = z.object({
  intent: z.enum(["check", "save"]).default("check"),
  fileName: z
    .string()
    .max(255)
    .refine((value) => !hasControlCharacters(value), "the file name must not contain control characters")
    .default("participants.csv"),
  /** The registration's own id column: "auto" guesses it from the header, "none", or the column's index. */
  idColumn: z
    .union([
      z.enum(["auto", "none"]),
      z
        .string()
        .regex(/^\d{1,4}$/, "idColumn must be auto, none or a column number")
        .transform(Number),
    ])
    .default("auto"),
});

/**
 * The participant upload: the file's bytes as the request body (counted while they arrive, at most
 * MAX_LIST_BYTES), checked (intent "check") or saved (intent "save"). A list with problems is never
 * written, and the answer is the page's next state. The caller has checked session and event.
 */
export async function participantUpload(
  db: Db,
  event: Event,
  req: Request,
  publicUrl: string,
): Promise<ParticipantListState> {
  const query = uploadQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZodError(query.error, "query");
  const { text, bom } = decodeUpload(await readBodyBytes(req, MAX_LIST_BYTES));
  if (!text.trim()) throw badRequest(NO_LIST_MESSAGE);
  const list = { text, bom, fileName: query.data.fileName || "participants.csv" };

  const { intent, idColumn } = query.data;
  if (intent === "check") return { status: "preview", list, preview: await previewMerge(db, event.id, text, idColumn) };
  const outcome = await saveMerge(db, event.id, { text, bom, idColumn }, publicUrl);
  if (!outcome.saved) {
    return {
      status: "preview",
      message:
        "Nothing was saved: the list has problems now (keys may have been used or given out meanwhile). Fix them and save again.",
      list,
      preview: outcome.preview,
    };
  }
  const base = list.fileName.replace(/\.[^.]*$/, "") || "participants";
  return {
    status: "saved",
    list,
    saved: {
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      csv: outcome.csv,
      fileName: `${base}-with-keys.csv`,
    },
  };
}
