"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { tokenIdSchema, tokenNameSchema } from "@/lib/dashboard/account";
import { formValues, invalidForm, type FormState } from "@/lib/dashboard/forms";
import { requireSession } from "@/lib/sessions/guard";
import { destroyOtherSessions } from "@/lib/sessions/sessions";
import { changePassword, changePasswordSchema } from "@/lib/sessions/signin";

const ACCOUNT = "/dashboard/account";

export async function changePasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(ACCOUNT);
  const parsed = changePasswordSchema.safeParse(formValues(formData, ["currentPassword", "newPassword", "confirmPassword"]));
  if (!parsed.success) return invalidForm(parsed.error);
  const db = await getDb();
  if (!(await changePassword(db, session.organiserId, parsed.data))) {
    return { status: "error", message: "The current password is not right.", fieldErrors: { currentPassword: "This is not your current password." } };
  }
  // Whoever knew the old password is signed out everywhere else.
  await destroyOtherSessions(db, session.organiserId, session.sessionId);
  return { status: "ok", message: "Password changed. Other devices where you were signed in have been signed out." };
}

export async function createTokenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const session = await requireSession(ACCOUNT);
  const values = formValues(formData, ["name"]);
  const parsed = tokenNameSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const { token } = await createApiToken(await getDb(), session.organiserId, parsed.data.name);
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
