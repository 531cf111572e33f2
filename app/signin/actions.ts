"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { formValues, invalidForm, type FormState } from "@/lib/dashboard/forms";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/dashboard/time";
import { clientAddressOf } from "@/lib/ratelimit/client-address";
import { sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { createSession } from "@/lib/sessions/sessions";
import { safeReturnPath, signIn, signInSchema } from "@/lib/sessions/signin";
import { signInLimiters } from "@/lib/sessions/signin-limiters";

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "password", "timeZone", "next"]);
  const parsed = signInSchema.safeParse(values);
  const shown = { email: values.email };
  if (!parsed.success) return invalidForm(parsed.error, shown);

  const config = getConfig();
  const db = await getDb();
  const address = clientAddressOf(await headers(), config.TRUST_PROXY);
  const result = await signIn(db, await signInLimiters(), { ...parsed.data, address });
  if (!result.ok) {
    const message =
      result.reason === "rate_limited"
        ? `Too many failed attempts. For your security, signing in is paused: try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`
        : "That email and password do not match an account. Check both and try again.";
    return { status: "error", message, values: shown };
  }

  const session = await createSession(db, result.organiserId);
  const store = await cookies();
  const options = sessionCookieOptions(config, session.expiresAt);
  store.set(sessionCookieName(config), session.sessionId, options);
  store.set(TIME_ZONE_COOKIE, validTimeZone(values.timeZone), options);
  redirect(safeReturnPath(values.next));
}
