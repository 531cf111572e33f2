"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { findOwnEvent } from "@/lib/dashboard/access";
import { MAX_LIST_BYTES, type ParticipantListState } from "@/lib/dashboard/participant-list-state";
import { decodeUpload, previewMerge, saveMerge } from "@/lib/dashboard/participants";
import { requireSession } from "@/lib/sessions/guard";

/** The list from the file input, or else from the editor (with what the page kept about the file). */
async function submittedList(formData: FormData): Promise<ParticipantListState["list"]> {
  const file = formData.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_LIST_BYTES) return undefined;
    const { text, bom } = decodeUpload(new Uint8Array(await file.arrayBuffer()));
    return { text, bom, fileName: file.name };
  }
  const text = formData.get("text");
  if (typeof text !== "string" || !text.trim()) return undefined;
  const fileName = formData.get("fileName");
  return { text: text.replace(/^\uFEFF/, ""), bom: formData.get("bom") === "true", fileName: typeof fileName === "string" && fileName ? fileName : "participants.csv" };
}

/** Checks a list (intent "check") or saves it (intent "save"); nothing is written while it has problems. */
export async function participantListAction(eventId: string, _state: ParticipantListState, formData: FormData): Promise<ParticipantListState> {
  const session = await requireSession(`/dashboard/events/${eventId}/participants`);
  const db = await getDb();
  const event = await findOwnEvent(db, session.organiserId, eventId);
  if (!event) return { status: "error", message: "This event does not exist or is not yours." };
  const list = await submittedList(formData);
  if (!list) return { status: "error", message: "Choose the CSV file from your registration platform (at most 16 MB)." };

  if (formData.get("intent") !== "save") {
    return { status: "preview", list, preview: await previewMerge(db, event.id, list.text) };
  }
  const outcome = await saveMerge(db, event.id, list, getConfig().PUBLIC_URL);
  if (!outcome.saved) {
    return {
      status: "preview",
      message: "Nothing was saved: the list has problems now (keys may have been used or given out meanwhile). Fix them and save again.",
      list,
      preview: outcome.preview,
    };
  }
  revalidatePath(`/dashboard/events/${event.id}`, "layout");
  const base = list.fileName.replace(/\.[^.]*$/, "") || "participants";
  return { status: "saved", list, saved: { count: outcome.count, csv: outcome.csv, fileName: `${base}-with-keys.csv` } };
}
