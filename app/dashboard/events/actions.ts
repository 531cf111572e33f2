"use server";

import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import { audited } from "@/lib/domain/audit";
import { action } from "@/lib/adapters/dashboard/action";
import { eventAppForm } from "@/lib/adapters/dashboard/event-app";
import { archiveForm, brandingForm, deleteForm, eventForm, pastDatesWarning } from "@/lib/adapters/dashboard/events";
import { authorizeEventCreation } from "@/lib/domain/access";
import { createEvent, deleteEvent, regeneratePasscode, updateEvent } from "@/lib/domain/events/events";
import { getConfig } from "@/lib/platform/config";
import { processLogo, removeEventLogo, setEventLogo } from "@/lib/domain/events/logo";

export const createEventAction = action(
  { page: "/dashboard/events/new", ...eventForm },
  async ({ db, principal, input }) => {
    const event = await audited(
      db,
      principal,
      (made) => ({ action: "event.created", eventId: made.id, target: made.id, detail: { name: made.name } }),
      (tx: Db) => createEvent(tx, authorizeEventCreation(principal), input),
    );
    redirect(`/dashboard/events/${event.id}`);
  },
);

export const updateEventAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}", ...eventForm },
  async ({ db, principal, event, session, input: { slug, ...rest } }) => {
    // An emptied slug field keeps the current slug: links already sent out may use it.
    const changes = slug ? { ...rest, slug } : rest;
    const record = { action: "event.changed" as const, eventId: event.id, detail: { fields: Object.keys(changes) } };
    const saved = await audited(db, principal, record, (tx) => updateEvent(tx, event, changes));
    const warning = pastDatesWarning(saved, new Date(), getConfig().REDEEM_GRACE_DAYS, session.timeZone);
    return { status: "ok", message: "Event saved.", warning };
  },
);

export const archiveEventAction = action(
  { access: "event:archive", page: "/dashboard/events/{eventId}", ...archiveForm },
  async ({ db, event, input: { archived } }) => {
    await updateEvent(db, event, { archived });
    return {
      status: "ok",
      // The section's text below says what archiving means: the message does not say it again.
      message: archived ? "Event archived." : "Event back in your event list.",
    };
  },
);

export const deleteEventAction = action(
  { access: "event:delete", page: "/dashboard/events/{eventId}", ...deleteForm },
  async ({ db, principal, event, input }) => {
    const record = { action: "event.deleted" as const, target: event.id, detail: { name: event.name } };
    await audited(db, principal, record, (tx) => deleteEvent(tx, event, input.confirm));
    redirect("/dashboard?deleted=1");
  },
);

export const regeneratePasscodeAction = action(
  { access: "passcode:regenerate", page: "/dashboard/events/{eventId}" },
  async ({ db, principal, event }) => {
    const record = { action: "passcode.regenerated" as const, eventId: event.id };
    const { passcode } = await audited(db, principal, record, (tx) => regeneratePasscode(tx, event));
    return { status: "ok", message: `New passcode ${passcode}. The old passcode ${event.passcode} no longer works.` };
  },
);

export const updateEventAppAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}", ...eventAppForm },
  async ({ db, event, input }) => {
    await updateEvent(db, event, { app: input });
    return { status: "ok", message: `Key links of this event now hand over to ${input.name}.` };
  },
);

export const resetEventAppAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}" },
  async ({ db, event }) => {
    await updateEvent(db, event, { app: null });
    return { status: "ok", message: "Key links of this event hand over to the default app again." };
  },
);

export const updateBrandingAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}", ...brandingForm },
  async ({ db, event, input }) => {
    await updateEvent(db, event, input);
    return { status: "ok", message: "Landing page saved." };
  },
);

/** The logo form: upload a file, or remove the logo with the form's other button. */
export const logoAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}" },
  async ({ db, event, formData }) => {
    if (formData.get("intent") === "remove") {
      await removeEventLogo(db, event);
      return { status: "ok", message: "Logo removed." };
    }
    const file = formData.get("logo");
    if (!(file instanceof File) || !file.size) {
      const message = "Choose a PNG, JPEG or WebP image.";
      return { status: "error", message, fieldErrors: { logo: message } };
    }
    await setEventLogo(db, event, await processLogo(new Uint8Array(await file.arrayBuffer())));
    return { status: "ok", message: "Logo saved." };
  },
);
