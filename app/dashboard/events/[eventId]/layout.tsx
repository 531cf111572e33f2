import type { ReactNode } from "react";
import Link from "next/link";
import { eventStatus } from "@/lib/adapters/dashboard/events";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { principalOf, requireEvent } from "@/lib/adapters/dashboard/access";
import { mayDo } from "@/lib/domain/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { getConfig } from "@/lib/platform/config";
import { EventStateBadge } from "../../_ui/event-state";
import { NavLinks } from "../../_ui/site-nav";

/** An event's heading and section tabs; 404 for events that are not the organiser's. */
export default async function EventLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ eventId: string }>;
}) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}`);
  const event = await requireEvent(session, "event:read", eventId);
  const base = `/dashboard/events/${event.id}`;
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/dashboard">Events</Link> › {event.name}
      </p>
      <div className="page-head">
        <div>
          <h1>{event.name}</h1>
          <p>
            {event.startsAt ? formatDateTime(event.startsAt, session.timeZone) : "No start date"}
            {event.endsAt ? ` – ${formatDateTime(event.endsAt, session.timeZone)}` : ""}
          </p>
          <p className="event-badges">
            {/* One badge: an archived event's own state (live, say) would contradict "archived" beside it. */}
            {event.archivedAt ? (
              <span className="badge archived">Archived</span>
            ) : (
              <EventStateBadge
                status={eventStatus(event, new Date(), getConfig().REDEEM_GRACE_DAYS, session.timeZone)}
              />
            )}
          </p>
        </div>
      </div>
      <NavLinks
        label="Event sections"
        className="tabs"
        items={[
          { href: base, label: "Overview", action: "event:read" as const },
          { href: `${base}/keys`, label: "Keys", prefixes: [`${base}/keys`], action: "keys:read" as const },
          { href: `${base}/participants`, label: "Participant list", action: "participants:merge" as const },
          { href: `${base}/labels`, label: "Print labels", action: "keys:export" as const },
          { href: `${base}/statistics`, label: "Statistics", action: "usage:read" as const },
          { href: `${base}/usage`, label: "Usage", action: "usage:read" as const },
          { href: `${base}/activities`, label: "Activities", action: "activities:read" as const },
        ]
          // Only the sections the member's role opens (a helpdesk member: the overview and keys).
          .filter(({ action }) => mayDo(principalOf(session), action))
          .map(({ action: _action, ...item }) => item)}
      />
      {children}
    </>
  );
}
