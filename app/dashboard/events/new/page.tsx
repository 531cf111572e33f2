import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { createEventAction } from "../actions";
import { EventForm } from "../event-form";

export const metadata: Metadata = { title: "New event" };

export default async function NewEventPage() {
  const session = await requireSession("/dashboard/events/new");
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/dashboard">Events</Link> › New event
      </p>
      <h1>New event</h1>
      <div className="card">
        <EventForm
          action={createEventAction}
          timeZone={session.timeZone}
          submit="Create event"
          pending="Creating…"
          slugHint="Lower-case letters, digits and hyphens. Leave empty to make one from the name."
        />
      </div>
    </>
  );
}
