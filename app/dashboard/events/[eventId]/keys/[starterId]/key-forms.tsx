"use client";

import { ActionForm, SubmitButton, TextField, type FormAction } from "../../../../_ui/form";

export function KeyDetailsForm({ action, values }: { action: FormAction; values: { name: string; startNumber: string } }) {
  return (
    <ActionForm action={action} aria-label="Participant of this key">
      <TextField name="name" label="Name" defaultValue={values.name} maxLength={200} autoComplete="off" />
      <TextField name="startNumber" label="Start number" defaultValue={values.startNumber} maxLength={50} autoComplete="off" />
      <SubmitButton pending="Saving…">Save</SubmitButton>
    </ActionForm>
  );
}

export function ReleaseKeyForm({ action }: { action: FormAction }) {
  return (
    <ActionForm action={action} aria-label="Release key">
      <SubmitButton className="danger" pending="Releasing…">
        Release key from phone
      </SubmitButton>
    </ActionForm>
  );
}
