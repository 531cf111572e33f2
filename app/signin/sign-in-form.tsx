"use client";

import { useSyncExternalStore } from "react";
import { ActionForm, SubmitButton, TextField } from "@/app/dashboard/_ui/form";
import { signInAction } from "./actions";

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function SignInForm({ next }: { next: string }) {
  // The browser's zone, so that the dashboard shows and reads dates in the organiser's local time.
  const timeZone = useSyncExternalStore(
    () => () => {},
    browserTimeZone,
    () => "UTC",
  );
  return (
    <ActionForm action={signInAction} aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <TextField name="email" label="Email" type="email" autoComplete="username" required />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
      <SubmitButton pending="Signing in…">Sign in</SubmitButton>
    </ActionForm>
  );
}
