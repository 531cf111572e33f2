"use client";

import { useActionState } from "react";
import { idleForm } from "@/lib/adapters/dashboard/form-state";
import { ConfirmStep } from "../_ui/confirm-step";
import { CopyButton } from "../_ui/copy-button";
import { ActionForm, FormStateProvider, SubmitButton, TextField, type FormAction } from "../_ui/form";

/** Offers to revoke the API tokens too when there are any: they outlive a password otherwise. */
export function ChangePasswordForm({ action, activeTokens }: { action: FormAction; activeTokens: number }) {
  return (
    <ActionForm action={action} aria-label="Change password">
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
      />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
      />
      <TextField
        name="confirmPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
      />
      {activeTokens > 0 && (
        <div className="field">
          <label>
            <input type="checkbox" name="revokeTokens" /> Also revoke{" "}
            {activeTokens === 1 ? "the 1 active API token" : `all ${activeTokens} active API tokens`}
          </label>
          <span className="hint">
            Tokens keep working after a password change. Revoke them if someone else may have had your password;
            programs using them then need new tokens.
          </span>
        </div>
      )}
      <SubmitButton pending="Changing…">Change password</SubmitButton>
    </ActionForm>
  );
}

/** Creates a token and shows it once, with a copy button. */
export function CreateTokenForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, idleForm);
  return (
    <form action={formAction} aria-label="Create API token" noValidate>
      <div role="status" aria-live="polite">
        {state.secret ? (
          <div className="notice success">
            <p>
              <strong>{state.message}</strong> Copy it now: it is shown only once and cannot be shown again.
            </p>
            <div className="copy-row">
              <code className="secret" id="new-token">
                {state.secret}
              </code>
              <CopyButton text={state.secret} label="Copy token" />
            </div>
          </div>
        ) : (
          state.message && <p className={`notice ${state.status === "error" ? "error" : "success"}`}>{state.message}</p>
        )}
      </div>
      <div className="inline-form">
        <FormStateProvider value={state}>
          <TextField name="name" label="Token name" maxLength={100} required placeholder="e.g. Registration platform" />
          <TextField
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
          />
        </FormStateProvider>
        <button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </div>
    </form>
  );
}

export function RevokeTokenForm({ action, tokenId, name }: { action: FormAction; tokenId: string; name: string }) {
  const [state, formAction, pending] = useActionState(action, idleForm);
  return (
    <form action={formAction}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <ConfirmStep
        label={
          <>
            Revoke<span className="visually-hidden"> token {name}</span>…
          </>
        }
        question={`Programs using “${name}” stop working at once. Revoke it?`}
      >
        <button type="submit" className="danger small" disabled={pending} aria-disabled={pending}>
          {pending ? "Revoking…" : "Yes, revoke"}
        </button>
      </ConfirmStep>
      {state.status === "error" && (
        <p role="alert" className="field-error">
          {state.message}
        </p>
      )}
    </form>
  );
}
