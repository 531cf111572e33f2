import type { Queryable } from "@/db/client";
import { starterKeyPages, type StarterKeyFilter } from "@/lib/domain/keys/list";
import { keyLink, type Participant } from "@/lib/domain/links";
import type { LabelData } from "./pdf";

/**
 * Longest link a label's code carries: 180 bytes fit a version 9 code (53 modules) at level M,
 * which every layout prints with modules of at least 1/3 mm (layouts.test.ts). A longer link (a
 * name of 60 accented letters) leaves out the name, then the start number: the app gets both from
 * the server when the key is redeemed anyway.
 */
export const MAX_LABEL_LINK_LENGTH = 180;

/** The key link with the participant's start number and name, as long as it stays printable. */
export function labelLink(publicUrl: string, key: string, participant: Participant): string {
  for (const candidate of [participant, { startNumber: participant.startNumber }]) {
    const link = keyLink(publicUrl, key, candidate);
    if (link.length <= MAX_LABEL_LINK_LENGTH) return link;
  }
  return keyLink(publicUrl, key);
}

/** An event's keys as labels, in creation order, read page by page from the database. */
export async function* starterKeyLabels(
  db: Queryable,
  eventId: string,
  filter: StarterKeyFilter,
  publicUrl: string,
): AsyncGenerator<LabelData> {
  for await (const page of starterKeyPages(db, eventId, filter)) {
    for (const row of page) {
      const key = row.key ?? "";
      yield { key, link: labelLink(publicUrl, key, row), name: row.name, startNumber: row.startNumber };
    }
  }
}
