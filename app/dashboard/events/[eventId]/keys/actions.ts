"use server";

import { action } from "@/lib/adapters/dashboard/action";
import { keyDetailsSchema, mintFormSchema, updateKeyDetails } from "@/lib/adapters/dashboard/keys";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { releaseKey } from "@/lib/domain/redeem/release";

const number = new Intl.NumberFormat("en-GB");
const KEY_PAGE = "/dashboard/events/{eventId}/keys/{starterId}";

export const mintKeysAction = action(
  { access: "keys:mint", page: "/dashboard/events/{eventId}/keys", schema: mintFormSchema, keep: ["count"] },
  async ({ db, principal, event, input }) => {
    const result = await mintStarterKeys(db, { organiserId: principal.organiserId, eventId: event.id, ...input });
    const minted = number.format(result.starters.length);
    if (result.replayed)
      return { status: "ok", message: `These ${minted} keys were minted already; nothing was added.` };
    return { status: "ok", message: `Minted ${minted} new keys.` };
  },
);

export const updateKeyAction = action(
  { access: "starter:write", page: KEY_PAGE, schema: keyDetailsSchema, keep: "all" },
  async ({ db, starter, input, values }) => {
    await updateKeyDetails(db, starter, input);
    return { status: "ok", message: "Saved.", values };
  },
);

/** Unbinds the key from its phone (lib/domain/redeem's releaseKey, as POST /api/starters/:id/actions/release_key does). */
export const releaseKeyAction = action({ access: "starter:release", page: KEY_PAGE }, async ({ db, starter }) => {
  await releaseKey(db, starter);
  return { status: "ok", message: "Released. The participant can now redeem the key on another phone." };
});
