"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { formValues, invalidForm, refusedForm, type FormState } from "@/lib/adapters/dashboard/forms";
import { sessionCookieName, sessionCookieOptions } from "@/lib/adapters/sessions/cookie";
import { currentSession } from "@/lib/adapters/sessions/guard";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { acceptInvitation, acceptInvitationSchema } from "@/lib/domain/teams/invitations";
import { getConfig } from "@/lib/platform/config";

/**
 * Accepts the invitation of the link (bound `token`): a new account with the chosen password, or
 * the signed-in account of the invited email; then a session acting in the organisation joined.
 */
export async function acceptInvitationAction(token: string, _state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["password"]);
  const parsed = acceptInvitationSchema.safeParse({ password: values.password || undefined });
  if (!parsed.success) return invalidForm(parsed.error);
  const db = await getDb();
  const signedIn = await currentSession();
  let joined: { organiserId: string; organisationId: string };
  try {
    joined = await acceptInvitation(db, token, { ...parsed.data, signedInAs: signedIn?.organiserId });
  } catch (error) {
    return refusedForm(error);
  }
  const config = getConfig();
  const session = await createSession(db, joined.organiserId, new Date(), joined.organisationId);
  (await cookies()).set(sessionCookieName(config), session.sessionId, sessionCookieOptions(config, session.expiresAt));
  redirect("/dashboard");
}
