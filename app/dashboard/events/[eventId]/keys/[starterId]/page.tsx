import type { Metadata } from "next";
import Link from "next/link";
import { getConfig } from "@/lib/platform/config";
import { requireKey } from "@/lib/adapters/dashboard/access";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { keyLink, qrCodeUrl } from "@/lib/domain/links";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { CopyButton } from "../../../../_ui/copy-button";
import { QrCode } from "../../../../_ui/qr-code";
import { LinkText } from "../../../../_ui/link-text";
import { releaseKeyAction, updateKeyAction } from "../actions";
import { KeyDetailsForm, PhoneSection } from "./key-forms";

export const metadata: Metadata = { title: "Key" };

export default async function KeyPage({ params }: { params: Promise<{ eventId: string; starterId: string }> }) {
  const { eventId, starterId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}/keys/${starterId}`);
  const key = await requireKey(session, "starter:read", eventId, starterId);
  const link = keyLink(getConfig().PUBLIC_URL, key.key);
  return (
    <>
      <p className="breadcrumbs">
        <Link href={`/dashboard/events/${eventId}/keys`}>‹ All keys</Link>
      </p>
      <div className="grid-2">
        <section className="card" aria-labelledby="key-heading">
          <h2 id="key-heading">
            Key <span className="key">{key.key}</span>
          </h2>
          <p>
            {key.keyUsed ? <span className="badge used">Used</span> : <span className="badge unused">Unused</span>}{" "}
            {key.redeemedAt && (
              <span className="small muted">redeemed {formatDateTime(key.redeemedAt, session.timeZone)}</span>
            )}
          </p>
          <QrCode className="qr qr-key" pixels={240} label={`QR code of the key link ${link}`} link={link} />
          <div className="copy-row mt-m">
            <LinkText href={link} />
            <CopyButton text={link} label="Copy link" />
          </div>
          <p className="small mt-m">
            Download the QR code:{" "}
            <a href={qrCodeUrl("", key.key, { size: 1024 })} download={`${key.key}.png`}>
              PNG
            </a>{" "}
            ·{" "}
            <a href={qrCodeUrl("", key.key, { format: "svg", size: 1024 })} download={`${key.key}.svg`}>
              SVG
            </a>
          </p>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="participant-heading">
            <h2 id="participant-heading">Participant</h2>
            <KeyDetailsForm
              action={updateKeyAction.bind(null, eventId, starterId)}
              values={{ name: key.name ?? "", startNumber: key.startNumber ?? "" }}
            />
          </section>
          <section className="card" aria-labelledby="phone-heading">
            <h2 id="phone-heading">Phone</h2>
            <PhoneSection
              action={releaseKeyAction.bind(null, eventId, starterId)}
              bound={key.deviceId !== null}
              keyUsed={key.keyUsed}
            />
          </section>
        </div>
      </div>
    </>
  );
}
