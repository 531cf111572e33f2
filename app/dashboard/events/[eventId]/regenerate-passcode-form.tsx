"use client";

import { ConfirmStep } from "../../_ui/confirm-step";
import { ActionForm, SubmitButton, type FormAction } from "../../_ui/form";

/** Asks before replacing the passcode: the old one stops working at once. */
export function RegeneratePasscodeForm({ action }: { action: FormAction }) {
  return (
    <ActionForm action={action}>
      <ConfirmStep
        label="Replace the passcode…"
        question="The current passcode, its link and every printed QR code of it stop working immediately. Personal keys are not affected."
      >
        <SubmitButton className="danger" pending="Replacing…">
          Yes, replace passcode
        </SubmitButton>
      </ConfirmStep>
    </ActionForm>
  );
}
