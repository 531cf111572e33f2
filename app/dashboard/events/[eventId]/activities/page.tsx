import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireEvent } from "@/lib/adapters/dashboard/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { activityPage } from "@/lib/domain/activities/activities";
import { OUTLINE_SIZE } from "@/lib/domain/activities/outline";
import { deleteActivityAction } from "./actions";
import { DeleteActivityForm } from "./delete-activity-form";

export const metadata: Metadata = { title: "Activities" };

const PAGE_SIZE = 100;
const km = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
const duration = (seconds: number) =>
  `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;

/** The track's outline: a polyline of numbers only (`outlineOf`), drawn in the text colour. */
function Outline({ outline, label }: { outline: string; label: string }) {
  const vertices = outline.split(" ");
  const [startX, startY] = (vertices[0] ?? "").split(",");
  const [endX, endY] = (vertices.at(-1) ?? "").split(",");
  return (
    <svg viewBox={`0 0 ${OUTLINE_SIZE} ${OUTLINE_SIZE}`} width="64" height="64" role="img" aria-label={label}>
      <polyline points={outline} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <circle cx={startX} cy={startY} r="3" fill="#2e7d32" />
      <circle cx={endX} cy={endY} r="3" fill="#c62828" />
    </svg>
  );
}

/** The activities participants uploaded with their keys (`/upload?key=`), in upload order, paged. */
export default async function ActivitiesPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<{ after?: string }>;
}) {
  const { eventId } = await params;
  const { after } = await searchParams;
  const session = await requireSession(`/dashboard/events/${eventId}/activities`);
  const event = await requireEvent(session, "activities:read", eventId);
  const cursor = after && /^[0-9a-f-]{36}$/i.test(after) ? after : undefined;
  const page = await activityPage(await getDb(), event.id, { cursor, limit: PAGE_SIZE });
  const time = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: session.timeZone,
  });

  return (
    <section className="card" aria-labelledby="activities-heading">
      <h2 id="activities-heading">Activities</h2>
      <p className="muted">
        Files participants uploaded with their personal key on the key&apos;s upload page (<code>/upload?key=…</code>)
        or through the API.
      </p>
      {page.activities.length === 0 ? (
        <p>No activities uploaded yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Uploaded activities</caption>
            <thead>
              <tr>
                <th scope="col">Track</th>
                <th scope="col">Participant</th>
                <th scope="col">Start</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  Distance (km)
                </th>
                <th scope="col">Event time</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.activities.map((a) => {
                const who = [a.startNumber, a.name].filter(Boolean).join(" ") || a.key || "—";
                const start = time.format(new Date(a.startedAt));
                return (
                  <tr key={a.id} data-activity={a.id}>
                    <td>
                      <Outline outline={a.outline} label={`Track of ${who}`} />
                    </td>
                    <td>
                      {who}
                      {a.key && <div className="small muted">{a.key}</div>}
                    </td>
                    <td>{start}</td>
                    <td className="num">{duration(a.durationSeconds)}</td>
                    <td className="num">{km.format(a.distanceMeters / 1000)}</td>
                    <td>{a.insideEventWindow ? "Inside" : "Outside"}</td>
                    <td>
                      <DeleteActivityForm
                        action={deleteActivityAction.bind(null, event.id)}
                        activityId={a.id}
                        label={`${who}, ${start}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page.nextCursor && (
        <p>
          <a href={`/dashboard/events/${event.id}/activities?after=${page.nextCursor}`}>Next {PAGE_SIZE}</a>
        </p>
      )}
    </section>
  );
}
