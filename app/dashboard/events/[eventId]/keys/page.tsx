import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { eventKeyCounts } from "@/lib/adapters/dashboard/events";
import {
  keysTablePage,
  keysTableQuerySchema,
  searchProblem,
  type KeysTableQuery,
} from "@/lib/adapters/dashboard/keys-table";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { principalOf, requireEvent } from "@/lib/adapters/dashboard/access";
import { mayDo } from "@/lib/domain/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { qrCodeUrl } from "@/lib/domain/links";
import { mintKeysAction, releaseKeyAction } from "./actions";
import { MintForm } from "./mint-form";
import { ReleaseKeyForm } from "./release-key-form";
import { StatusSelect } from "./status-select";

export const metadata: Metadata = { title: "Keys" };

const number = new Intl.NumberFormat("en-GB");

/** The keys page's URL for a filter and a cursor. */
function keysHref(
  base: string,
  query: Pick<KeysTableQuery, "q" | "status">,
  cursor: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status !== "all") params.set("status", query.status);
  for (const [name, value] of Object.entries(cursor)) params.set(name, value);
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

export default async function KeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId } = await params;
  const base = `/dashboard/events/${eventId}/keys`;
  const session = await requireSession(base);
  const event = await requireEvent(session, "keys:read", eventId);
  const asked = keysTableQuerySchema.parse(await searchParams);
  // A refused search is shown with its message and not run: the table lists all keys meanwhile.
  const searchError = searchProblem(asked.q);
  const query = searchError ? { ...asked, q: "" } : asked;
  const db = await getDb();
  const [counts, page] = await Promise.all([eventKeyCounts(db, event.id), keysTablePage(db, event.id, query)]);
  const filtered = Boolean(query.q) || query.status !== "all";
  const exportUsed = query.status === "all" ? "" : `&used=${query.status === "used"}`;
  const exportHref = (format: string) => `${base}/export?${format}${exportUsed}`;
  // A helpdesk member finds and releases keys; minting and whole-list downloads are not theirs.
  const principal = principalOf(session);
  const mayMint = mayDo(principal, "keys:mint");
  const mayExport = mayDo(principal, "keys:export");

  return (
    <>
      <div className="grid-2">
        {mayMint && (
          <section className="card" aria-labelledby="mint-heading">
            <h2 id="mint-heading">Mint keys</h2>
            <p className="muted small">
              Every participant gets a personal key. This event has {number.format(counts.minted)} keys,{" "}
              {number.format(counts.used)} of them used.
            </p>
            <MintForm action={mintKeysAction.bind(null, event.id)} idempotencyKey={crypto.randomUUID()} />
          </section>
        )}
        {mayExport && (
          <section className="card" aria-labelledby="export-heading">
            <h2 id="export-heading">Download</h2>
            <p className="muted small">
              {query.status === "all" ? "All keys" : `The ${query.status} keys`} with key link and QR image URL, the
              same files the API gives{query.q ? " (the search does not apply to downloads)" : ""}.
            </p>
            <ul className="actions plain-list">
              <li>
                <a className="button secondary small" href={exportHref("format=csv")} download>
                  CSV (comma)
                </a>
              </li>
              <li>
                <a className="button secondary small" href={exportHref("format=csv&delimiter=semicolon")} download>
                  CSV (semicolon, for Excel)
                </a>
              </li>
              <li>
                <a className="button secondary small" href={exportHref("format=json")} download>
                  JSON
                </a>
              </li>
              <li>
                <Link className="button secondary small" href={`/dashboard/events/${event.id}/labels`}>
                  QR labels (PDF)…
                </Link>
              </li>
            </ul>
          </section>
        )}
      </div>

      <section aria-labelledby="keys-heading" className="card">
        <div className="card-head">
          <h2 id="keys-heading">Keys</h2>
          <form method="get" action={base} role="search" className="inline-form" aria-label="Search keys">
            <div className="field">
              <label htmlFor="keys-q">Search</label>
              <input
                id="keys-q"
                type="search"
                name="q"
                defaultValue={asked.q}
                placeholder="Key, name or start number"
                maxLength={100}
                aria-invalid={searchError ? true : undefined}
                aria-describedby={searchError ? "keys-q-error" : undefined}
              />
              {searchError && (
                <p className="field-error" id="keys-q-error" role="alert">
                  {searchError}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="keys-status">Show</label>
              <StatusSelect id="keys-status" defaultValue={query.status} />
            </div>
            <button type="submit" className="secondary">
              Search
            </button>
            {(filtered || searchError) && (
              <Link href={base} className="small">
                Clear
              </Link>
            )}
          </form>
        </div>

        {page.rows.length === 0 ? (
          <div className="empty">
            {counts.minted === 0 ? (
              <>
                <h3>No keys yet</h3>
                <p>Mint keys above: one for each participant, plus a few spare ones for late entries.</p>
              </>
            ) : query.after || query.before ? (
              <p>
                This page is empty. <Link href={keysHref(base, query)}>Back to the first page</Link>
              </p>
            ) : (
              <>
                <h3>No matching keys</h3>
                <p>
                  Nothing matches {query.q ? <>“{query.q}”</> : "this filter"}. Search by the start of a key, a whole
                  start number or part of a name. <Link href={base}>Show all keys</Link>
                </p>
              </>
            )}
          </div>
        ) : (
          <>
            {/* Below 40rem each row is a card (globals.css): the key's link covers it. */}
            <div className="table-wrap">
              <table className="keys-table">
                <caption>
                  {filtered ? "Matching keys" : "All keys"} {number.format(page.firstPosition)}–
                  {number.format(page.firstPosition + page.rows.length - 1)} of {number.format(page.total)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Start no.</th>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">QR code</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((row) => (
                    <tr key={row.id}>
                      <th scope="row" className="key">
                        <Link href={`${base}/${row.id}`} className="card-link" aria-label={`Open key ${row.key}`}>
                          {row.key}
                        </Link>
                      </th>
                      <td className="start-number">
                        <span className="card-label">No. </span>
                        {row.startNumber ?? <span className="muted">–</span>}
                      </td>
                      <td className="name">{row.name ?? <span className="muted">–</span>}</td>
                      <td className="status">
                        {row.keyUsed ? (
                          <>
                            <span className="badge used">Used</span>
                            {row.redeemedAt && (
                              <div className="small muted">{formatDateTime(row.redeemedAt, session.timeZone)}</div>
                            )}
                          </>
                        ) : (
                          <span className="badge unused">Unused</span>
                        )}
                      </td>
                      <td className="qr-cell">
                        <details className="qr-preview">
                          <summary>
                            Show <span className="visually-hidden">QR code of {row.key}</span>
                          </summary>
                          {/* A small SVG from our own QR route: nothing for next/image to optimise. */}
                          {/* eslint-disable-next-line @next/next/no-img-element */}
                          <img
                            src={qrCodeUrl("", row.key, { format: "svg", size: 160 })}
                            alt={`QR code of key ${row.key}`}
                            width={160}
                            height={160}
                            loading="lazy"
                          />
                          <a
                            href={qrCodeUrl("", row.key, { size: 1024 })}
                            download={`${row.key}.png`}
                            className="small"
                          >
                            Download PNG
                          </a>
                        </details>
                      </td>
                      <td className="actions-cell">
                        {/* Kept after the release, so that its message stays when the row re-renders. */}
                        {row.keyUsed && (
                          <ReleaseKeyForm
                            action={releaseKeyAction.bind(null, event.id, row.id)}
                            keyCode={row.key}
                            bound={row.bound}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pagination" aria-label="Pages of keys">
              <span className="small muted">{page.total === 1 ? "1 key" : `${number.format(page.total)} keys`}</span>
              <ul>
                <li>
                  <PageLink href={page.previousCursor ? keysHref(base, query) : undefined}>First</PageLink>
                </li>
                <li>
                  <PageLink
                    href={page.previousCursor ? keysHref(base, query, { before: page.previousCursor }) : undefined}
                  >
                    ‹ Previous
                  </PageLink>
                </li>
                <li>
                  <PageLink href={page.nextCursor ? keysHref(base, query, { after: page.nextCursor }) : undefined}>
                    Next ›
                  </PageLink>
                </li>
                <li>
                  <PageLink href={page.nextCursor ? keysHref(base, query, { page: "last" }) : undefined}>Last</PageLink>
                </li>
              </ul>
            </nav>
          </>
        )}
      </section>
    </>
  );
}

function PageLink({ href, children }: { href?: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <span className="button secondary small" aria-disabled="true">
        {children}
      </span>
    );
  }
  return (
    <Link href={href} className="button secondary small">
      {children}
    </Link>
  );
}
