"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { createApiToken, revokeAllApiTokens, revokeApiToken } from "@/lib/domain/auth/tokens";
import { createTokenSchema, tokenIdSchema } from "@/lib/adapters/dashboard/account";
import { formValues, invalidForm, type FormState } from "@/lib/adapters/dashboard/forms";
import { attemptOrigin } from "@/lib/adapters/sessions/attempt-origin";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { forgetOtherBrowsers } from "@/lib/adapters/sessions/known-browsers";
import { destroyOtherSessions } from "@/lib/adapters/sessions/sessions";
import { changePassword, changePasswordSchema, confirmPassword, refusalMessage, type SignInRefusal } from "@/lib/adapters/sessions/signin";
import { signInLimiters } from "@/lib/adapters/sessions/signin-limiters";

const ACCOUNT = "/dashboard/account";

/** A refused current password as form state: a wrong one is marked at its field. */
function currentPasswordRefused(refusal: SignInRefusal, values?: Record<string, string>): FormState {
  if (refusal.reason === "invalid_credentials") {
    return { status: "error", message: "The current password is not right.", fieldErrors: { currentPassword: "This is not your current password." }, values };
  }
  return { status: "error", message: refusalMessage(refusal), values };
}

export async function changePasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(ACCOUNT);
  const parsed = changePasswordSchema.safeParse(formValues(formData, ["currentPassword", "newPassword", "confirmPassword", "revokeTokens"]));
  if (!parsed.success) return invalidForm(parsed.error);
  const db = await getDb();
  const origin = await attemptOrigin();
  const changed = await changePassword(db, await signInLimiters(), { ...session, ...parsed.data, ...origin });
  if (!changed.ok) return currentPasswordRefused(changed);
  // Whoever knew the old password is signed out everywhere else, and their browsers are strangers again.
  await destroyOtherSessions(db, session.organiserId, session.sessionId);
  await forgetOtherBrowsers(db, session.organiserId, origin.knownBrowser);
  const revoked = parsed.data.revokeTokens ? await revokeAllApiTokens(db, session.organiserId) : 0;
  revalidatePath(ACCOUNT);
  const tokens = revoked ? ` ${revoked === 1 ? "1 API token was" : `${revoked} API tokens were`} revoked.` : "";
  return { status: "ok", message: `Password changed. Other devices where you were signed in have been signed out.${tokens}` };
}

export async function createTokenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(ACCOUNT);
  const values = formValues(formData, ["name", "currentPassword"]);
  const shown = { name: values.name };
  const parsed = createTokenSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, shown);
  const db = await getDb();
  const confirmed = await confirmPassword(db, await signInLimiters(), { ...session, password: parsed.data.currentPassword, ...(await attemptOrigin()) });
  if (!confirmed.ok) return currentPasswordRefused(confirmed, shown);
  const { token } = await createApiToken(db, session.organiserId, parsed.data.name);
  revalidatePath(ACCOUNT);
  return { status: "ok", message: `Token “${parsed.data.name}” created.`, secret: token };
}

export async function revokeTokenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(ACCOUNT);
  const parsed = tokenIdSchema.safeParse(formValues(formData, ["tokenId"]));
  if (!parsed.success) return invalidForm(parsed.error);
  const revoked = await revokeApiToken(await getDb(), session.organiserId, parsed.data.tokenId);
  revalidatePath(ACCOUNT);
  return revoked
    ? { status: "ok", message: "Token revoked. Programs using it are refused from now on." }
    : { status: "error", message: "That token does not exist or was revoked already." };
}
