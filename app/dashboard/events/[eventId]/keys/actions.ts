"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { findOwnEvent } from "@/lib/adapters/dashboard/access";
import { formStateFromApiError, formValues, invalidForm, type FormState } from "@/lib/adapters/dashboard/forms";
import { getOwnKey, KEY_DETAILS_FIELDS, keyDetailsSchema, MINT_FORM_FIELDS, mintFormSchema, updateKeyDetails } from "@/lib/adapters/dashboard/keys";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { releaseKey } from "@/lib/domain/redeem/release";
import { requireSession } from "@/lib/adapters/sessions/guard";

const missingEvent: FormState = { status: "error", message: "This event does not exist or is not yours." };
const number = new Intl.NumberFormat("en-GB");

export async function mintKeysAction(eventId: string, _state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(`/dashboard/events/${eventId}/keys`);
  const db = await getDb();
  const event = await findOwnEvent(db, session.organiserId, eventId);
  if (!event) return missingEvent;
  const values = formValues(formData, MINT_FORM_FIELDS);
  const parsed = mintFormSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, { count: values.count });
  let result;
  try {
    result = await mintStarterKeys(db, { organiserId: session.organiserId, eventId: event.id, ...parsed.data });
  } catch (error) {
    return formStateFromApiError(error, { count: values.count });
  }
  revalidatePath(`/dashboard/events/${event.id}`, "layout");
  const minted = number.format(result.starters.length);
  return {
    status: "ok",
    message: result.replayed ? `These ${minted} keys were minted already; nothing was added.` : `Minted ${minted} new keys.`,
  };
}

export async function updateKeyAction(eventId: string, starterId: string, _state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(`/dashboard/events/${eventId}/keys/${starterId}`);
  const values = formValues(formData, KEY_DETAILS_FIELDS);
  const parsed = keyDetailsSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  try {
    await updateKeyDetails(await getDb(), session.organiserId, eventId, starterId, parsed.data);
  } catch (error) {
    return formStateFromApiError(error, values);
  }
  revalidatePath(`/dashboard/events/${eventId}/keys`, "layout");
  return { status: "ok", message: "Saved.", values };
}

/** Unbinds the key from its phone (lib/domain/redeem's releaseKey, as POST /api/starters/:id/actions/release_key does). */
export async function releaseKeyAction(eventId: string, starterId: string, _state: FormState, _formData: FormData): Promise<FormState> {
  const session = await requireSession(`/dashboard/events/${eventId}/keys/${starterId}`);
  const db = await getDb();
  try {
    // The key must be of this event of this organiser, not only of this organiser.
    await getOwnKey(db, session.organiserId, eventId, starterId);
    await releaseKey(db, session.organiserId, starterId);
  } catch (error) {
    return formStateFromApiError(error);
  }
  revalidatePath(`/dashboard/events/${eventId}/keys`, "layout");
  return { status: "ok", message: "Released. The participant can now redeem the key on another phone." };
}
