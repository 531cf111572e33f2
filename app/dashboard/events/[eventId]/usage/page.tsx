import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { requireEvent } from "@/lib/adapters/dashboard/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { usageReport } from "@/lib/domain/usage/usage";

export const metadata: Metadata = { title: "Usage" };

const number = new Intl.NumberFormat("en-GB");

/** The API's usage report (GET /api/events/:eventId/usage) for reconciling an invoice, with its CSV. */
export default async function UsagePage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}/usage`);
  const event = await requireEvent(session, "usage:read", eventId);
  const usage = await usageReport(await getDb(), event.id, getConfig().TIME_ZONE);
  const { total } = usage;

  return (
    <div className="stack">
      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage</h2>
        <p className="muted">
          Keys are billed when they are used: a key counts once, on the day it first connected a phone. Days in{" "}
          {usage.timeZone}.
        </p>
        <p>
          <a href={`/dashboard/events/${event.id}/usage/export`} download>
            Download as CSV
          </a>
        </p>
        <div className="table-wrap">
          <table>
            <caption>Keys minted, keys used and phones that joined with the passcode, per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Keys minted
                </th>
                <th scope="col" className="num">
                  Keys used
                </th>
                <th scope="col" className="num">
                  Passcode phones
                </th>
              </tr>
            </thead>
            <tbody>
              {usage.days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{day.date}</th>
                  <td className="num">{number.format(day.keysMinted)}</td>
                  <td className="num">{number.format(day.keysUsed)}</td>
                  <td className="num">{number.format(day.passcodeDevices)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{number.format(total.keysMinted)}</td>
                <td className="num">{number.format(total.keysUsed)}</td>
                <td className="num">{number.format(total.passcodeDevices)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
    </div>
  );
}
