"use client";

import { useActionState } from "react";
import { idleForm, type FormState } from "@/lib/adapters/dashboard/form-state";
import { ConfirmStep } from "../_ui/confirm-step";
import { CopyButton } from "../_ui/copy-button";
import { FormStateProvider, TextField, type FormAction } from "../_ui/form";

/** The answer of a form: a message, or a new secret shown once with a copy button. */
function Answer({ state, secretId }: { state: FormState; secretId: string }) {
  if (state.secret) {
    return (
      <div className="notice success">
        <p>
          <strong>{state.message}</strong> Copy the signing secret now: it is shown only once.
        </p>
        <div className="copy-row">
          <code className="secret" id={secretId}>
            {state.secret}
          </code>
          <CopyButton text={state.secret} label="Copy secret" />
        </div>
      </div>
    );
  }
  if (!state.message) return null;
  return <p className={`notice ${state.status === "error" ? "error" : "success"}`}>{state.message}</p>;
}

export function CreateWebhookForm({ action, eventTypes }: { action: FormAction; eventTypes: Array<[string, string]> }) {
  const [state, formAction, pending] = useActionState(action, idleForm);
  return (
    <form action={formAction} aria-label="Create webhook" noValidate>
      <div role="status" aria-live="polite">
        <Answer state={state} secretId="new-webhook-secret" />
      </div>
      <FormStateProvider value={state}>
        <TextField
          name="url"
          label="Endpoint URL"
          inputMode="text"
          maxLength={2000}
          required
          placeholder="https://registration.example/hooks/racekeys"
        />
      </FormStateProvider>
      <fieldset className="field">
        <legend>Event types</legend>
        {eventTypes.map(([type, label]) => (
          <label key={type} className="block">
            <input type="checkbox" name="eventTypes" value={type} defaultChecked /> <code>{type}</code>: {label}
          </label>
        ))}
        {state.fieldErrors?.eventTypes && (
          <p role="alert" className="field-error">
            {state.fieldErrors.eventTypes}
          </p>
        )}
      </fieldset>
      <button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Creating…" : "Create webhook"}
      </button>
    </form>
  );
}

/** One button acting on an endpoint (or one of its deliveries), with its answer beside it. */
export function WebhookButton({
  action,
  webhookId,
  deliveryId,
  label,
  pendingLabel,
  name,
}: {
  action: FormAction;
  webhookId: string;
  deliveryId?: string;
  label: string;
  pendingLabel: string;
  /** Said to screen readers after the label: which endpoint or message. */
  name: string;
}) {
  const [state, formAction, pending] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="webhookId" value={webhookId} />
      {deliveryId && <input type="hidden" name="deliveryId" value={deliveryId} />}
      <button type="submit" className="secondary small" disabled={pending} aria-disabled={pending}>
        {pending ? pendingLabel : label}
        <span className="visually-hidden"> {name}</span>
      </button>
      <div role="status" aria-live="polite">
        <Answer state={state} secretId={`secret-${webhookId}`} />
      </div>
    </form>
  );
}

export function DeleteWebhookForm({ action, webhookId, url }: { action: FormAction; webhookId: string; url: string }) {
  const [state, formAction, pending] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="webhookId" value={webhookId} />
      <ConfirmStep
        label={
          <>
            Delete<span className="visually-hidden"> webhook {url}</span>…
          </>
        }
        question={`${url} hears nothing more, and its delivery history goes. Delete it?`}
      >
        <button type="submit" className="danger small" disabled={pending} aria-disabled={pending}>
          {pending ? "Deleting…" : "Yes, delete"}
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
