"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { findOwnEvent } from "@/lib/adapters/dashboard/access";
import { EVENT_FORM_FIELDS, parseEventForm } from "@/lib/adapters/dashboard/events";
import { formStateFromApiError, formValues, invalidForm, type FormState } from "@/lib/adapters/dashboard/forms";
import { createEvent, regeneratePasscode, updateEvent } from "@/lib/domain/events/events";
import { requireSession } from "@/lib/adapters/sessions/guard";

const missingEvent: FormState = { status: "error", message: "This event does not exist or is not yours." };

export async function createEventAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession("/dashboard/events/new");
  const values = formValues(formData, EVENT_FORM_FIELDS);
  const parsed = parseEventForm(values, session.timeZone);
  if (!parsed.success) return invalidForm(parsed.error, values);
  let eventId: string;
  try {
    eventId = (await createEvent(await getDb(), session.organiserId, parsed.data)).id;
  } catch (error) {
    return formStateFromApiError(error, values, { conflict: "slug" });
  }
  redirect(`/dashboard/events/${eventId}`);
}

export async function updateEventAction(eventId: string, _state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(`/dashboard/events/${eventId}`);
  const db = await getDb();
  const event = await findOwnEvent(db, session.organiserId, eventId);
  if (!event) return missingEvent;
  const values = formValues(formData, EVENT_FORM_FIELDS);
  const parsed = parseEventForm(values, session.timeZone);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const { slug, ...rest } = parsed.data;
  try {
    // An emptied slug field keeps the current slug: links already sent out may use it.
    await updateEvent(db, session.organiserId, event.id, slug ? { ...rest, slug } : rest);
  } catch (error) {
    return formStateFromApiError(error, values, { conflict: "slug" });
  }
  revalidatePath(`/dashboard/events/${event.id}`, "layout");
  return { status: "ok", message: "Event saved." };
}

export async function regeneratePasscodeAction(eventId: string, _state: FormState, _formData: FormData): Promise<FormState> {
  const session = await requireSession(`/dashboard/events/${eventId}`);
  const db = await getDb();
  const event = await findOwnEvent(db, session.organiserId, eventId);
  if (!event) return missingEvent;
  const updated = await regeneratePasscode(db, session.organiserId, event.id);
  revalidatePath(`/dashboard/events/${event.id}`, "layout");
  return { status: "ok", message: `New passcode ${updated.passcode}. The old passcode ${event.passcode} no longer works.` };
}
