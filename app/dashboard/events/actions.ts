"use server";

import { redirect } from "next/navigation";
import { action } from "@/lib/adapters/dashboard/action";
import { eventAppForm } from "@/lib/adapters/dashboard/event-app";
import { eventForm } from "@/lib/adapters/dashboard/events";
import { authorizeEventCreation } from "@/lib/domain/access";
import { createEvent, regeneratePasscode, updateEvent } from "@/lib/domain/events/events";

export const createEventAction = action(
  { page: "/dashboard/events/new", ...eventForm },
  async ({ db, principal, input }) => {
    const event = await createEvent(db, authorizeEventCreation(principal), input);
    redirect(`/dashboard/events/${event.id}`);
  },
);

export const updateEventAction = action(
  { access: "event:write", page: "/dashboard/events/{eventId}", ...eventForm },
  async ({ db, event, input: { slug, ...rest } }) => {
    // An emptied slug field keeps the current slug: links already sent out may use it.
    await updateEvent(db, event, slug ? { ...rest, slug } : rest);
    return { status: "ok", message: "Event saved." };
  },
);

export const regeneratePasscodeAction = action(
  { access: "passcode:regenerate", page: "/dashboard/events/{eventId}" },
  async ({ db, event }) => {
    const { passcode } = await regeneratePasscode(db, event);
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
