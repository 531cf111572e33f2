"use client";

import { useFormStatus } from "react-dom";
import { ActionForm, TextField, type FormAction } from "../../../_ui/form";

const number = new Intl.NumberFormat("en-GB");

/** While minting: a busy button, and for large counts a note that it takes a while. */
function MintButton() {
  const { pending, data } = useFormStatus();
  const count = Number(data?.get("count")) || 0;
  return (
    <>
      <button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? (
          <span className="busy">
            <span className="spinner" aria-hidden="true" />
            Minting {count ? number.format(count) : ""} keys…
          </span>
        ) : (
          "Mint keys"
        )}
      </button>
      <p role="status" className="small muted form-row-status">
        {pending && count >= 5000
          ? `Minting ${number.format(count)} keys takes up to a minute. Please keep this page open; all of them or none are added.`
          : ""}
      </p>
    </>
  );
}

export function MintForm({ action, idempotencyKey }: { action: FormAction; idempotencyKey: string }) {
  return (
    <ActionForm action={action} className="inline-form" aria-label="Mint keys">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <TextField
        name="count"
        label="Number of new keys"
        type="number"
        inputMode="numeric"
        min={1}
        max={100000}
        required
        hint="1 to 100,000 at a time"
      />
      <MintButton />
    </ActionForm>
  );
}
