import type { FoundStarter } from "@/lib/domain/keys/find-code";
import type { Participant } from "@/lib/domain/links";

/**
 * Who a phone becomes when it redeems a key with a link's start number and name: the organiser's
 * saved values win, the link's fill only what is empty (`coalesce` in `bindKey`'s statement). A
 * passcode has no saved values: its slot takes the link's. Pages show this, so they agree with the app.
 */
export const participantOnRedeem = (
  saved: Pick<FoundStarter, "startNumber" | "name"> | undefined,
  link: Participant,
): Participant => ({
  startNumber: saved?.startNumber ?? link.startNumber,
  name: saved?.name ?? link.name,
});
