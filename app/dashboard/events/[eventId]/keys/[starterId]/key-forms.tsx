"use client";

import { ConfirmStep } from "../../../../_ui/confirm-step";
import { ActionForm, SubmitButton, TextField, type FormAction } from "../../../../_ui/form";

export function KeyDetailsForm({
  action,
  values,
}: {
  action: FormAction;
  values: { name: string; startNumber: string };
}) {
  return (
    <ActionForm action={action} aria-label="Participant of this key">
      <TextField name="name" label="Name" defaultValue={values.name} maxLength={200} autoComplete="off" />
      <TextField
        name="startNumber"
        label="Start number"
        defaultValue={values.startNumber}
        maxLength={50}
        autoComplete="off"
      />
      <SubmitButton pending="Saving…">Save</SubmitButton>
    </ActionForm>
  );
}

/**
 * The key's phone: release it while it is bound. One form for both states, so that the success
 * message stays when the page re-renders with the key released.
 */
export function PhoneSection({ action, bound, keyUsed }: { action: FormAction; bound: boolean; keyUsed: boolean }) {
  return (
    <ActionForm action={action} aria-label="Release key">
      {bound ? (
        <>
          <p>
            This key is connected to a phone. If the participant has a new phone, release the key so that they can
            redeem it again.
          </p>
          <ConfirmStep
            label="Release key from phone…"
            question="The app on the connected phone loses this key. Release it?"
          >
            <SubmitButton className="danger" pending="Releasing…">
              Yes, release key
            </SubmitButton>
          </ConfirmStep>
        </>
      ) : (
        <p className="muted">
          {keyUsed
            ? "This key was used, but is not connected to a phone right now: it can be redeemed again."
            : "No phone has redeemed this key yet."}
        </p>
      )}
    </ActionForm>
  );
}
