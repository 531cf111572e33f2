import type { z } from "zod";
import { DomainError } from "@/lib/domain/errors";
import { sentence, type FormState } from "./form-state";

export type { FormState } from "./form-state";

/** The fields of a form: one zod object whose keys are the field names. */
export type FormSchema = z.ZodObject;

/** A dashboard form, as the server action pipeline (./action.ts) reads, checks and answers it. */
export interface FormSpec<S extends FormSchema> {
  /** The fields and their checks; a function of the session for fields in the organiser's time zone. */
  schema: S | ((session: { timeZone: string }) => S);
  /** Plain-language messages for zod's generic ones (`friendlyErrors`); absent: zod's own. */
  messages?: z.core.$ZodErrorMap;
  /** The fields shown again after a refusal ("all", or some: never a password); absent: none. */
  keep?: "all" | readonly string[];
  /** The field a conflict (a taken slug) is shown at. */
  conflictField?: string;
}

/** The named text fields of a submitted form; files and missing fields become "". */
export function formValues<K extends string>(formData: FormData, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = formData.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  return values;
}

/**
 * A form's submitted values checked with its schema, and the values it shows again: the parse step
 * of every server action.
 */
export function parseForm<S extends FormSchema>(form: FormSpec<S>, formData: FormData, session: { timeZone: string }) {
  const schema = typeof form.schema === "function" ? form.schema(session) : form.schema;
  const values = formValues(formData, Object.keys(schema.shape));
  const some = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, values[name] ?? ""]));
  const kept = form.keep === "all" ? values : form.keep && some(form.keep);
  return { parsed: schema.safeParse(values, form.messages && { error: form.messages }), kept };
}

/** The first message per field of a zod error; issues without a path go under "form". */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[field] ??= sentence(issue.message);
  }
  return errors;
}

export function invalidForm(error: z.ZodError, values?: Record<string, string>): FormState {
  const fieldErrors = fieldErrorsOf(error);
  return { status: "error", message: fieldErrors.form ?? "Please correct the marked fields.", fieldErrors, values };
}

/**
 * A domain refusal (slug taken, dates out of order…) as form state, its field problems at their
 * fields; anything else is rethrown for the error page.
 */
export function refusedForm(error: unknown, values?: Record<string, string>, conflictField?: string): FormState {
  if (!(error instanceof DomainError)) throw error;
  const fieldErrors: Record<string, string> = {};
  for (const detail of error.details ?? []) fieldErrors[detail.path] ??= sentence(detail.message);
  if (error.kind === "conflict" && conflictField) fieldErrors[conflictField] = sentence(error.message);
  return { status: "error", message: sentence(error.message), fieldErrors, values };
}

/** Plain-language messages for zod's generic ones; messages a schema sets itself take precedence. */
export const friendlyErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "too_small" && issue.origin === "string") {
    return Number(issue.minimum) <= 1 ? "This field is required." : `Use at least ${issue.minimum} characters.`;
  }
  if (issue.code === "too_big" && issue.origin === "string") return `Use at most ${issue.maximum} characters.`;
  return undefined;
};
