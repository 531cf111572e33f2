import type { z } from "zod";
import { ApiError } from "@/lib/adapters/http/errors";
import { sentence, type FormState } from "./form-state";

export type { FormState } from "./form-state";

/** The named text fields of a submitted form; files and missing fields become "". */
export function formValues<K extends string>(formData: FormData, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = formData.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  return values;
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
 * A client error of the shared lib functions (slug taken, dates out of order…) as form state;
 * anything else is rethrown for the error page.
 */
export function formStateFromApiError(error: unknown, values?: Record<string, string>, fieldOf?: Record<string, string>): FormState {
  if (!(error instanceof ApiError) || error.status >= 500) throw error;
  const fieldErrors: Record<string, string> = {};
  for (const detail of error.details ?? []) fieldErrors[fieldOf?.[detail.path] ?? detail.path] ??= sentence(detail.message);
  if (error.code === "conflict" && fieldOf?.conflict) fieldErrors[fieldOf.conflict] = sentence(error.message);
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
