import type { Metadata } from "next";
import { getDb } from "@/db/client";
import {
  bucketLabel,
  eventActivity,
  keySeries,
  percent,
  PLATFORM_LABELS,
  PLATFORMS,
  visitSeries,
  type Granularity,
} from "@/lib/adapters/dashboard/stats";
import { renderLineChart, renderStackedBarChart, SERIES_COLOURS } from "@/lib/adapters/dashboard/svg-plot";
import { toDateTimeLocal } from "@/lib/adapters/dashboard/time";
import { requireEvent } from "@/lib/adapters/dashboard/access";
import { requireSession } from "@/lib/adapters/sessions/guard";

export const metadata: Metadata = { title: "Statistics" };

const number = new Intl.NumberFormat("en-GB");
const labels = (buckets: string[], granularity: Granularity) =>
  buckets.map((b, i) => bucketLabel(b, granularity, i === 0));

function Legend({ items }: { items: string[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {items.map((item, i) => (
        <li key={item}>
          {/* An SVG fill, not a style attribute: the dashboard's CSP allows no inline styles. */}
          <svg className="swatch" viewBox="0 0 10 10">
            <rect width="10" height="10" rx="2" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} />
          </svg>
          {item}
        </li>
      ))}
    </ul>
  );
}

/** A chart's numbers as a table, for screen readers and for anyone who wants the exact values. */
function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <details className="data">
      <summary>Show the numbers</summary>
      <div className="table-wrap">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={h} scope="col" className={i ? "num" : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="num">
                      {typeof cell === "number" ? number.format(cell) : cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export default async function StatisticsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}/statistics`);
  const event = await requireEvent(session, "usage:read", eventId);
  const activity = await eventActivity(await getDb(), event.id, session.timeZone);
  const now = toDateTimeLocal(new Date(), session.timeZone).slice(0, 13);
  const keys = keySeries(activity, now);
  const visits = visitSeries(activity.visits, now);
  const keyLabels = labels(keys.buckets, keys.granularity);
  const visitLabels = labels(visits.buckets, visits.granularity);
  const per = (g: Granularity) => (g === "hour" ? "hour" : "day");
  const mintedTotal = keys.minted.at(-1) ?? 0;
  const usedTotal = keys.used.at(-1) ?? 0;

  return (
    <div className="stack">
      <p className="muted small">Times in {session.timeZone}.</p>
      <section className="card" aria-labelledby="keys-chart-heading">
        <h2 id="keys-chart-heading">Keys minted and used</h2>
        {keys.buckets.length === 0 ? (
          <p className="empty">No keys yet: the chart appears once keys are minted.</p>
        ) : (
          <>
            <p className="muted">
              {number.format(usedTotal)} of {number.format(mintedTotal)} keys used ({percent(usedTotal, mintedTotal)}).
            </p>
            <Legend items={["Minted", "Used"]} />
            <figure className="chart">
              <div
                dangerouslySetInnerHTML={{
                  __html: renderLineChart({
                    title: "Keys minted and used over time",
                    description: `Running totals per ${per(keys.granularity)}: ${number.format(mintedTotal)} keys minted, ${number.format(usedTotal)} used.`,
                    xLabels: keyLabels,
                    series: [
                      { label: "Minted", values: keys.minted },
                      { label: "Used", values: keys.used },
                    ],
                  }),
                }}
              />
            </figure>
            <DataTable
              caption={`Keys minted and used, running totals per ${per(keys.granularity)}`}
              head={[keys.granularity === "hour" ? "Hour" : "Day", "Minted", "Used"]}
              rows={keyLabels.map((label, i) => [label, keys.minted[i]!, keys.used[i]!])}
            />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="visits-chart-heading">
        <h2 id="visits-chart-heading">Landing-page visits by platform</h2>
        {visits.total === 0 ? (
          <p className="empty">No visits yet: they are counted when participants open their key links.</p>
        ) : (
          <>
            <p className="muted">
              {number.format(visits.total)} visits of the key links;{" "}
              {PLATFORMS.map((p) => `${PLATFORM_LABELS[p]} ${percent(visits.totals[p].visits, visits.total)}`).join(
                ", ",
              )}
              .
            </p>
            <Legend items={PLATFORMS.map((p) => PLATFORM_LABELS[p])} />
            <figure className="chart">
              <div
                dangerouslySetInnerHTML={{
                  __html: renderStackedBarChart({
                    title: "Landing-page visits by platform",
                    description: `Visits per ${per(visits.granularity)}, stacked by platform; ${number.format(visits.total)} in total.`,
                    xLabels: visitLabels,
                    series: PLATFORMS.map((p) => ({ label: PLATFORM_LABELS[p], values: visits.byPlatform[p] })),
                  }),
                }}
              />
            </figure>
            <DataTable
              caption={`Landing-page visits per ${per(visits.granularity)} and platform`}
              head={[visits.granularity === "hour" ? "Hour" : "Day", ...PLATFORMS.map((p) => PLATFORM_LABELS[p])]}
              rows={visitLabels.map((label, i) => [label, ...PLATFORMS.map((p) => visits.byPlatform[p][i]!)])}
            />
          </>
        )}
      </section>

      {visits.total > 0 && (
        <section className="card" aria-labelledby="inapp-chart-heading">
          <h2 id="inapp-chart-heading">Opened inside another app</h2>
          <p className="muted">
            {percent(visits.inApp, visits.total)} of the visits came from a browser inside another app (mail, messenger
            or social app) rather than the phone&apos;s own browser. Such browsers cannot hand over to the tracking app,
            so the landing page asks the participant to open the link in their browser: a high share means many
            participants get the link through a messenger or social app.
          </p>
          <Legend items={["Inside another app", "Own browser"]} />
          <figure className="chart">
            <div
              dangerouslySetInnerHTML={{
                __html: renderStackedBarChart({
                  title: "In-app share of visits by platform",
                  description: `${percent(visits.inApp, visits.total)} of ${number.format(visits.total)} visits came from in-app browsers.`,
                  xLabels: PLATFORMS.map((p) => PLATFORM_LABELS[p]),
                  series: [
                    { label: "Inside another app", values: PLATFORMS.map((p) => visits.totals[p].inApp) },
                    {
                      label: "Own browser",
                      values: PLATFORMS.map((p) => visits.totals[p].visits - visits.totals[p].inApp),
                    },
                  ],
                  height: 220,
                }),
              }}
            />
          </figure>
          <DataTable
            caption="Visits from in-app browsers by platform"
            head={["Platform", "Visits", "Inside another app", "Share"]}
            rows={PLATFORMS.map((p) => [
              PLATFORM_LABELS[p],
              visits.totals[p].visits,
              visits.totals[p].inApp,
              percent(visits.totals[p].inApp, visits.totals[p].visits),
            ])}
          />
        </section>
      )}
    </div>
  );
}
