import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { eventKeyCounts, pastDatesWarning } from "@/lib/adapters/dashboard/events";
import { toDateTimeLocal } from "@/lib/adapters/dashboard/time";
import { logoOf } from "@/lib/domain/events/branding";
import { eventLogoUrl, passcodeLink, qrCodeUrl } from "@/lib/domain/links";
import { principalOf, requireEvent } from "@/lib/adapters/dashboard/access";
import { mayDo, type EventAction } from "@/lib/domain/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { CopyButton } from "../../_ui/copy-button";
import { QrCode } from "../../_ui/qr-code";
import { LinkText } from "../../_ui/link-text";
import {
  archiveEventAction,
  deleteEventAction,
  logoAction,
  regeneratePasscodeAction,
  resetEventAppAction,
  updateBrandingAction,
  updateEventAction,
  updateEventAppAction,
} from "../actions";
import { EventForm } from "../event-form";
import { EventAppForm } from "./app-form";
import { ArchiveEventForm, DeleteEventForm } from "./archive-delete-forms";
import { BrandingForm, LogoForm } from "./branding-forms";
import { RegeneratePasscodeForm } from "./regenerate-passcode-form";

export const metadata: Metadata = { title: "Event" };

const number = new Intl.NumberFormat("en-GB");

export default async function EventOverviewPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}`);
  const event = await requireEvent(session, "event:read", eventId);
  const counts = await eventKeyCounts(await getDb(), event.id);
  const link = passcodeLink(getConfig().PUBLIC_URL, event.passcode);
  const base = `/dashboard/events/${event.id}`;
  const logo = logoOf(event);
  const { REDEEM_GRACE_DAYS } = getConfig();
  const pastDates = pastDatesWarning(event, new Date(), REDEEM_GRACE_DAYS, session.timeZone);
  // Forms only for what the member's role may change (a helpdesk member sees the event, changes none of it).
  const principal = principalOf(session);
  const may = (action: EventAction) => mayDo(principal, action);
  return (
    <>
      {pastDates && (
        <div className="notice warning">
          <p>{pastDates}</p>
        </div>
      )}
      <dl className="figures">
        <div className="figure">
          <dt>Keys minted</dt>
          <dd>{number.format(counts.minted)}</dd>
        </div>
        <div className="figure">
          <dt>Keys used</dt>
          <dd>{number.format(counts.used)}</dd>
        </div>
        <div className="figure">
          <dt>Not yet used</dt>
          <dd>{number.format(counts.minted - counts.used)}</dd>
        </div>
      </dl>
      {counts.minted === 0 && (
        <div className="notice info">
          <p>
            This event has no keys yet. <Link href={`${base}/keys`}>Mint keys</Link> for your participants, one each.
          </p>
        </div>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="passcode-heading">
          <h2 id="passcode-heading">Event passcode</h2>
          <p className="muted">
            Anyone with the passcode can join the event without a personal key, e.g. spectators or late entries. Share
            the link or the QR code.
          </p>
          <p className="code-large">{event.passcode}</p>
          <div className="copy-row">
            <LinkText href={link} />
            <CopyButton text={link} label="Copy link" />
          </div>
          <QrCode
            className="qr qr-passcode mt-l"
            pixels={180}
            label={`QR code of the passcode link ${link}`}
            link={link}
          />
          <p className="small">
            <a
              href={qrCodeUrl("", event.passcode, { size: 1024 })}
              download={`${event.slug}-passcode-${event.passcode}.png`}
            >
              Download QR code (PNG)
            </a>{" "}
            ·{" "}
            <a
              href={qrCodeUrl("", event.passcode, { format: "svg", size: 1024 })}
              download={`${event.slug}-passcode-${event.passcode}.svg`}
            >
              SVG
            </a>
          </p>
          {may("passcode:regenerate") && (
            <RegeneratePasscodeForm action={regeneratePasscodeAction.bind(null, event.id)} />
          )}
        </section>
        {may("event:write") && (
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <EventForm
              action={updateEventAction.bind(null, event.id)}
              timeZone={session.timeZone}
              values={{
                name: event.name,
                slug: event.slug,
                startsAt: event.startsAt ? toDateTimeLocal(event.startsAt, session.timeZone) : "",
                endsAt: event.endsAt ? toDateTimeLocal(event.endsAt, session.timeZone) : "",
              }}
              submit="Save changes"
              pending="Saving…"
              slugHint="Lower-case letters, digits and hyphens; used in file names."
            />
          </section>
        )}
      </div>
      {may("event:write") && (
        <>
          <section className="card mt-l" aria-labelledby="app-heading">
            <h2 id="app-heading">App</h2>
            <p className="muted">
              Key links of this event hand over to{" "}
              {event.app ? <strong>{event.app.name}</strong> : <>the default app, {getConfig().APP_NAME}</>}: on phones
              the landing page opens it or its store. Name the event&apos;s own app here (white label).
            </p>
            <EventAppForm
              action={updateEventAppAction.bind(null, event.id)}
              reset={event.app ? resetEventAppAction.bind(null, event.id) : undefined}
              app={event.app}
            />
          </section>
          <section className="card mt-l" aria-labelledby="branding-heading">
            <h2 id="branding-heading">Landing page</h2>
            <p className="muted">
              How the page of this event&apos;s key links looks: its colour, a few words about the event and its logo.
            </p>
            <div className="grid-2">
              <BrandingForm
                action={updateBrandingAction.bind(null, event.id)}
                values={{ accentColor: event.accentColor ?? "", description: event.description ?? "" }}
              />
              <div>
                {logo && (
                  // A stored PNG of known size from this server: next/image would add nothing but sharp's second pass.
                  // eslint-disable-next-line @next/next/no-img-element
                  <img
                    className="logo-preview"
                    src={eventLogoUrl("", event.id, logo.version)}
                    alt={`Logo of ${event.name}`}
                    width={logo.width}
                    height={logo.height}
                  />
                )}
                <LogoForm action={logoAction.bind(null, event.id)} hasLogo={Boolean(logo)} />
              </div>
            </div>
          </section>
        </>
      )}
      {may("event:archive") && (
        <section className="card mt-l" aria-labelledby="archive-heading">
          <h2 id="archive-heading">Archive or delete</h2>
          <div className="grid-2">
            <div>
              <p className="muted">
                {event.archivedAt
                  ? "This event is archived: it is not in your event list. Its key links and passcode still work."
                  : "Archiving takes the event out of your event list once it is over. Its key links and passcode keep working, and it can be brought back."}
              </p>
              <ArchiveEventForm action={archiveEventAction.bind(null, event.id)} archived={Boolean(event.archivedAt)} />
            </div>
            {may("event:delete") && (
              <DeleteEventForm action={deleteEventAction.bind(null, event.id)} slug={event.slug} keys={counts.minted} />
            )}
          </div>
        </section>
      )}
    </>
  );
}
