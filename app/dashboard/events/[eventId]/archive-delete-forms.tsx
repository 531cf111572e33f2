"use client";

import { useState } from "react";
import { ActionForm, SubmitButton, TextField, type FormAction } from "../../_ui/form";

const number = new Intl.NumberFormat("en-GB");

/** Archives the event, or brings an archived one back into the list. */
export function ArchiveEventForm({ action, archived }: { action: FormAction; archived: boolean }) {
  return (
    <ActionForm action={action} aria-label={archived ? "Unarchive event" : "Archive event"}>
      <input type="hidden" name="archived" value={archived ? "false" : "true"} />
      <SubmitButton className="secondary" pending={archived ? "Unarchiving…" : "Archiving…"}>
        {archived ? "Unarchive event" : "Archive event"}
      </SubmitButton>
    </ActionForm>
  );
}

/**
 * Deletes the event for good, once the organiser has typed its slug: the button stays disabled until
 * then (compared as the server does, which checks again).
 */
export function DeleteEventForm({ action, slug, keys }: { action: FormAction; slug: string; keys: number }) {
  const [typed, setTyped] = useState("");
  const confirmed = typed.trim().toLowerCase() === slug;
  return (
    <details>
      <summary>Delete this event…</summary>
      <ActionForm action={action} aria-label="Delete event">
        <p className="notice warning">
          Deleting removes the event with its {number.format(keys)} {keys === 1 ? "key" : "keys"}, participants and
          statistics for good. Its key links and passcode stop working and are never given to another event.
        </p>
        <TextField
          name="confirm"
          label="Type the event's slug to confirm"
          hint={
            <>
              The slug is <code>{slug}</code>
            </>
          }
          required
          autoComplete="off"
          onChange={(event) => setTyped(event.target.value)}
        />
        <SubmitButton className="danger" pending="Deleting…" disabled={!confirmed}>
          Delete event for good
        </SubmitButton>
      </ActionForm>
    </details>
  );
}
