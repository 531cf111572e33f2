"use client";

import { useId, useState } from "react";
import { ActionForm, SubmitButton, TextField, useFormState, type FormAction } from "../../_ui/form";

/** The limits of lib/domain/events (not imported: the browser bundle must stay free of zod and sharp). */
const MAX_DESCRIPTION_LENGTH = 300;
const MAX_LOGO_BYTES = 1_000_000;

/** The landing page's accent colour and description. */
export function BrandingForm({
  action,
  values,
}: {
  action: FormAction;
  values: { accentColor: string; description: string };
}) {
  return (
    <ActionForm action={action} aria-label="Landing page">
      <TextField
        name="accentColor"
        label="Accent colour"
        hint="A hex colour such as #8a1538, for buttons and links. Buttons have white text on it, so it must be dark enough (contrast at least 4.5:1). Empty: the default blue."
        defaultValue={values.accentColor}
        maxLength={7}
      />
      <TextField
        name="description"
        label="Description"
        hint={`Plain text under the event's name and in link previews, at most ${MAX_DESCRIPTION_LENGTH} characters.`}
        defaultValue={values.description}
        maxLength={MAX_DESCRIPTION_LENGTH}
        rows={3}
      />
      <SubmitButton pending="Saving…">Save landing page</SubmitButton>
    </ActionForm>
  );
}

/**
 * Uploads or removes the logo: one form, so that its answer stays in view when the logo is gone.
 * A file over 1 MB is refused here, before it is sent: the server's limit for the whole post
 * would otherwise answer with an error page instead of this form's message.
 */
export function LogoForm({ action, hasLogo }: { action: FormAction; hasLogo: boolean }) {
  return (
    <ActionForm action={action} aria-label="Logo">
      <LogoField label={hasLogo ? "Replace the logo" : "Logo"} />
      <div className="actions">
        <SubmitButton pending="Uploading…">Upload logo</SubmitButton>
        {hasLogo && (
          <SubmitButton className="secondary" pending="Removing…" name="intent" value="remove">
            Remove logo
          </SubmitButton>
        )}
      </div>
    </ActionForm>
  );
}

function LogoField({ label }: { label: string }) {
  const id = useId();
  const state = useFormState();
  const [tooLarge, setTooLarge] = useState(false);
  const error = tooLarge ? "This file is larger than 1 MB: choose a smaller image." : state.fieldErrors?.logo;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        PNG, JPEG or WebP, at most 1 MB. It is shown in the page’s header and in link previews, at most 512×256 pixels.
      </span>
      <input
        id={id}
        name="logo"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          const large = Boolean(file && file.size > MAX_LOGO_BYTES);
          if (large) event.currentTarget.value = "";
          setTooLarge(large);
        }}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
