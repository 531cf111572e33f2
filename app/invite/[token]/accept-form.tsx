"use client";

import { ActionForm, SubmitButton, TextField } from "@/app/dashboard/_ui/form";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, newAccount }: { token: string; newAccount: boolean }) {
  return (
    <ActionForm action={acceptInvitationAction.bind(null, token)} aria-label="Accept the invitation">
      {newAccount && (
        <TextField name="password" label="Choose a password" type="password" autoComplete="new-password" required />
      )}
      <SubmitButton pending="Joining…">{newAccount ? "Create account and join" : "Join"}</SubmitButton>
    </ActionForm>
  );
}
