"use server";

import { recordAudit } from "@/lib/domain/audit";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { formValues, invalidForm, type FormState } from "@/lib/adapters/dashboard/forms";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/platform/time/time-zone";
import { attemptOrigin } from "@/lib/adapters/sessions/attempt-origin";
import { knownBrowserCookieName, sessionCookieName, sessionCookieOptions } from "@/lib/adapters/sessions/cookie";
import { rememberBrowser } from "@/lib/adapters/sessions/known-browsers";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { refusalMessage, safeReturnPath, signIn, signInSchema } from "@/lib/adapters/sessions/signin";
import { signInLimiters } from "@/lib/adapters/sessions/signin-limiters";

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "password", "timeZone", "next"]);
  const parsed = signInSchema.safeParse(values);
  const shown = { email: values.email };
  if (!parsed.success) return invalidForm(parsed.error, shown);

  const config = getConfig();
  const db = await getDb();
  const origin = await attemptOrigin();
  const result = await signIn(db, await signInLimiters(), { ...parsed.data, ...origin });
  if (!result.ok) return { status: "error", message: refusalMessage(result), values: shown };

  // The sign-in is in the audit log of the organisation the session acts in, in the session's transaction.
  const session = await db.transaction(async (tx) => {
    const created = await createSession(tx, result.organiserId);
    if (created.organisationId) {
      const actor = {
        kind: "organiser" as const,
        organiserId: result.organiserId,
        organisationId: created.organisationId,
      };
      await recordAudit(tx, actor, { action: "signed_in" });
    }
    return created;
  });
  const store = await cookies();
  const options = sessionCookieOptions(config, session.expiresAt);
  store.set(sessionCookieName(config), session.sessionId, options);
  store.set(TIME_ZONE_COOKIE, validTimeZone(values.timeZone), options);
  // Known from now on: strangers' failed sign-ins on this account do not stop this browser.
  const browser = await rememberBrowser(db, result.organiserId, origin.knownBrowser);
  store.set(knownBrowserCookieName(config), browser.token, sessionCookieOptions(config, browser.expiresAt));
  redirect(safeReturnPath(values.next));
}
