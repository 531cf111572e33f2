import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { principalOf } from "@/lib/adapters/dashboard/access";
import { eventStatus, listEventsWithCounts } from "@/lib/adapters/dashboard/events";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { getConfig } from "@/lib/platform/config";
import { EventStateBadge } from "./_ui/event-state";

export const metadata: Metadata = { title: "Events" };

const number = new Intl.NumberFormat("en-GB");

/** The organiser's events (`?archived=true`: the archived ones) with their state and key counts. */
export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const archived = query.archived === "true";
  const session = await requireSession(archived ? "/dashboard?archived=true" : "/dashboard");
  const events = await listEventsWithCounts(await getDb(), principalOf(session), { archived });
  const now = new Date();
  const { REDEEM_GRACE_DAYS } = getConfig();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{archived ? "Archived events" : "Events"}</h1>
          <p>
            {archived
              ? "Archived events are left out of your event list; their key links and passcodes still work."
              : "Create an event, mint a key for every participant, then print and send them."}
          </p>
        </div>
        <Link href="/dashboard/events/new" className="button">
          New event
        </Link>
      </div>
      {query.deleted === "1" && <p className="notice success">Event deleted.</p>}
      {archived && events.length === 0 ? (
        <div className="card empty">
          <p>No archived events.</p>
        </div>
      ) : events.length === 0 ? (
        <div className="card empty">
          <h2>No events yet</h2>
          <p>Your first event takes a minute: give it a name, then mint its keys.</p>
          <Link href="/dashboard/events/new" className="button">
            Create your first event
          </Link>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your events with their keys</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Starts</th>
                <th scope="col" className="num">
                  Keys minted
                </th>
                <th scope="col" className="num">
                  Keys used
                </th>
                <th scope="col">Passcode</th>
              </tr>
            </thead>
            <tbody>
              {events.map(({ event, minted, used }) => (
                <tr key={event.id}>
                  <th scope="row">
                    <Link href={`/dashboard/events/${event.id}`}>{event.name}</Link>
                    <div className="small muted">{event.slug}</div>
                  </th>
                  <td>
                    <EventStateBadge status={eventStatus(event, now, REDEEM_GRACE_DAYS, session.timeZone)} />
                  </td>
                  <td>
                    {event.startsAt ? (
                      formatDateTime(event.startsAt, session.timeZone)
                    ) : (
                      <span className="muted">not set</span>
                    )}
                  </td>
                  <td className="num">{number.format(minted)}</td>
                  <td className="num">
                    {number.format(used)}
                    {minted > 0 && <span className="small muted"> ({Math.round((used / minted) * 100)}%)</span>}
                  </td>
                  <td className="key">{event.passcode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-l">
        {archived ? (
          <Link href="/dashboard">Back to your events</Link>
        ) : (
          <Link href="/dashboard?archived=true">Archived events</Link>
        )}
      </p>
    </>
  );
}
