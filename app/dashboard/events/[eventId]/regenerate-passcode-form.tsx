"use client";

import { ActionForm, SubmitButton, type FormAction } from "../../_ui/form";

/** Asks before replacing the passcode: the old one stops working at once. */
export function RegeneratePasscodeForm({ action }: { action: FormAction }) {
  return (
    <details>
      <summary>Replace the passcode…</summary>
      <ActionForm action={action}>
        <p className="notice warning">
          The current passcode, its link and every printed QR code of it stop working immediately. Personal keys are not
          affected.
        </p>
        <SubmitButton className="danger" pending="Replacing…">
          Replace passcode
        </SubmitButton>
      </ActionForm>
    </details>
  );
}
