"use client";

import { createContext, useActionState, useContext, useId, type ChangeEvent, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { idleForm, type FormState } from "@/lib/adapters/dashboard/form-state";

/**
 * A form posting to a server action, showing its answer: a message in a live region, and per
 * field the first problem (linked with aria-describedby) and the submitted value.
 */
const FormStateContext = createContext<FormState>(idleForm);

export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;

export function ActionForm({
  action,
  children,
  className,
  "aria-label": ariaLabel,
}: {
  action: FormAction;
  children: ReactNode;
  /** Layout of the fields (e.g. "inline-form"); the message always sits above them. */
  className?: string;
  "aria-label"?: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <FormStateContext.Provider value={state}>
      <form action={formAction} aria-label={ariaLabel} noValidate>
        <FormMessage state={state} />
        {className ? <div className={className}>{children}</div> : children}
      </form>
    </FormStateContext.Provider>
  );
}

/** For forms that render their own answer (e.g. a secret shown once) but use these fields. */
export const FormStateProvider = FormStateContext.Provider;

export function useFormState(): FormState {
  return useContext(FormStateContext);
}

function FormMessage({ state }: { state: FormState }) {
  // Always rendered (a live region added together with its text is often not announced), and
  // always the same role: screen readers do not follow a region that changes role.
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      {state.message && <p className={`notice ${state.status === "error" ? "error" : "success"}`}>{state.message}</p>}
      {state.warning && <p className="notice warning">{state.warning}</p>}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  defaultValue?: string;
  type?: "text" | "email" | "password" | "number" | "datetime-local" | "search";
  required?: boolean;
  autoComplete?: string;
  inputMode?: "numeric" | "text";
  min?: number;
  max?: number;
  maxLength?: number;
  placeholder?: string;
  className?: string;
  /** A text of several lines: a textarea of this many rows. */
  rows?: number;
  /** Follows what is typed (single-line fields). */
  onChange?: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function TextField({ name, label, hint, defaultValue, type = "text", className, rows, ...input }: FieldProps) {
  const state = useFormState();
  const id = useId();
  const error = state.fieldErrors?.[name];
  // Passwords are never sent back to the browser.
  const value = type === "password" ? undefined : (state.values?.[name] ?? defaultValue);
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>
        {label}
        {input.required ? "" : <span className="muted small"> (optional)</span>}
      </label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {rows ? (
        <textarea
          id={id}
          name={name}
          rows={rows}
          className="prose"
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          required={input.required}
          maxLength={input.maxLength}
          placeholder={input.placeholder}
        />
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A submit button that says what is happening while the action runs. */
export function SubmitButton({
  children,
  pending: pendingLabel,
  className,
  name,
  value,
  disabled = false,
}: {
  children: ReactNode;
  pending: ReactNode;
  className?: string;
  name?: string;
  value?: string;
  /** Not yet possible (e.g. a confirmation still to type); it is while the form is sent anyway. */
  disabled?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={className}
      aria-disabled={pending || disabled}
      disabled={pending || disabled}
      name={name}
      value={value}
    >
      {pending ? (
        <span className="busy">
          <span className="spinner" aria-hidden="true" />
          {pendingLabel}
        </span>
      ) : (
        children
      )}
    </button>
  );
}
