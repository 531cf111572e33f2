/*
 * What forms in the browser import: nothing here may pull zod or server modules into the client
 * bundle (zod probes for eval, which the dashboard's CSP refuses, and every probe is a violation).
 */

/**
 * What a dashboard server action answers a form with: a message for everyone, the first problem
 * per field, and the submitted values so the form shows them again after React resets it.
 */
export interface FormState {
  status: "idle" | "ok" | "error";
  message?: string;
  /** Shown beside the message: what a saved change means (an event that ended long ago). */
  warning?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** Shown once and never again (a new API token). */
  secret?: string;
}

export const idleForm: FormState = { status: "idle" };

/** "that slug is taken; choose another" → "That slug is taken; choose another." */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  return text[0]!.toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
}
