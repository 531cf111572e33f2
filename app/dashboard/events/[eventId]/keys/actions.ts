"use server";

import type { Db } from "@/db/client";
import { audited } from "@/lib/domain/audit";
import { action } from "@/lib/adapters/dashboard/action";
import { keyDetailsSchema, mintFormSchema, updateKeyDetails } from "@/lib/adapters/dashboard/keys";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { releaseKey } from "@/lib/domain/redeem/release";

const number = new Intl.NumberFormat("en-GB");
const KEY_PAGE = "/dashboard/events/{eventId}/keys/{starterId}";

export const mintKeysAction = action(
  { access: "keys:mint", page: "/dashboard/events/{eventId}/keys", schema: mintFormSchema, keep: ["count"] },
  async ({ db, principal, event, input }) => {
    const result = await audited(
      db,
      principal,
      (done) => ({
        action: "keys.minted",
        eventId: event.id,
        detail: { count: done.starters.length, replayed: done.replayed },
      }),
      (tx: Db) => mintStarterKeys(tx, { organiserId: principal.organiserId, eventId: event.id, ...input }),
    );
    const minted = number.format(result.starters.length);
    if (result.replayed)
      return { status: "ok", message: `These ${minted} keys were minted already; nothing was added.` };
    return { status: "ok", message: `Minted ${minted} new keys.` };
  },
);

export const updateKeyAction = action(
  { access: "starter:write", page: KEY_PAGE, schema: keyDetailsSchema, keep: "all" },
  async ({ db, principal, starter, input, values }) => {
    const record = { action: "starter.edited" as const, eventId: starter.eventId, target: starter.id };
    await audited(db, principal, record, (tx) => updateKeyDetails(tx, starter, input));
    return { status: "ok", message: "Saved.", values };
  },
);

/** Unbinds the key from its phone (lib/domain/redeem's releaseKey, as POST /api/starters/:id/actions/release_key does). */
export const releaseKeyAction = action(
  { access: "starter:release", page: KEY_PAGE },
  async ({ db, principal, starter }) => {
    const record = { action: "key.released" as const, eventId: starter.eventId, target: starter.id };
    await audited(db, principal, record, (tx) => releaseKey(tx, starter));
    return { status: "ok", message: "Released. The participant can now redeem the key on another phone." };
  },
);
