"use client";

import { ActionForm, SubmitButton, TextField, type FormAction } from "../_ui/form";

export interface EventFormValues {
  name: string;
  slug: string;
  startsAt: string;
  endsAt: string;
}

/** Create and edit an event: name, slug, start and end in the organiser's time zone. */
export function EventForm({
  action,
  values,
  timeZone,
  submit,
  pending,
  slugHint,
}: {
  action: FormAction;
  values?: EventFormValues;
  timeZone: string;
  submit: string;
  pending: string;
  slugHint: string;
}) {
  return (
    <ActionForm action={action}>
      <TextField name="name" label="Event name" defaultValue={values?.name} required maxLength={200} />
      <TextField
        name="slug"
        label="Short name for links (slug)"
        hint={slugHint}
        defaultValue={values?.slug}
        maxLength={64}
      />
      <div className="grid-2">
        <TextField
          name="startsAt"
          label="Starts"
          type="datetime-local"
          hint={`Your time zone: ${timeZone}`}
          defaultValue={values?.startsAt}
        />
        <TextField
          name="endsAt"
          label="Ends"
          type="datetime-local"
          hint="Keys can still be redeemed for a while after the end."
          defaultValue={values?.endsAt}
        />
      </div>
      <SubmitButton pending={pending}>{submit}</SubmitButton>
    </ActionForm>
  );
}
