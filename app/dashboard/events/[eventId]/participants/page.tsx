import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { eventKeyCounts } from "@/lib/adapters/dashboard/events";
import { requireEvent } from "@/lib/adapters/dashboard/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { ParticipantList } from "./participant-list";

export const metadata: Metadata = { title: "Participant list" };

export default async function ParticipantsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}/participants`);
  const event = await requireEvent(session, "participants:merge", eventId);
  const counts = await eventKeyCounts(await getDb(), event.id);
  const keysHref = `/dashboard/events/${event.id}/keys`;
  return (
    <>
      <p className="muted">
        Merge the keys with your participant list: every new participant gets one of the event&apos;s keys that nobody
        has yet. Upload a fresh export as often as you like: participants saved before are recognised by the
        registration&apos;s ID, their start number or their key and only updated; nobody is deleted.{" "}
        {counts.minted === 0 && <Link href={keysHref}>Mint keys first.</Link>}
      </p>
      <ParticipantList uploadUrl={`/dashboard/events/${event.id}/participants/upload`} keysHref={keysHref} />
    </>
  );
}
