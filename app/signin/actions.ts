"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { formValues, invalidForm, type FormState } from "@/lib/dashboard/forms";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/dashboard/time";
import { clientAddressOf } from "@/lib/ratelimit/client-address";
import { knownBrowserCookieName, sessionCookieName, sessionCookieOptions } from "@/lib/sessions/cookie";
import { rememberBrowser } from "@/lib/sessions/known-browsers";
import { createSession } from "@/lib/sessions/sessions";
import { safeReturnPath, signIn, signInSchema, type SignInResult } from "@/lib/sessions/signin";
import { signInLimiters } from "@/lib/sessions/signin-limiters";

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "password", "timeZone", "next"]);
  const parsed = signInSchema.safeParse(values);
  const shown = { email: values.email };
  if (!parsed.success) return invalidForm(parsed.error, shown);

  const config = getConfig();
  const db = await getDb();
  const address = clientAddressOf(await headers(), config.TRUST_PROXY);
  const store = await cookies();
  const knownBrowser = store.get(knownBrowserCookieName(config))?.value;
  const result = await signIn(db, await signInLimiters(), { ...parsed.data, address, knownBrowser });
  if (!result.ok) return { status: "error", message: refusalMessage(result), values: shown };

  const session = await createSession(db, result.organiserId);
  const options = sessionCookieOptions(config, session.expiresAt);
  store.set(sessionCookieName(config), session.sessionId, options);
  store.set(TIME_ZONE_COOKIE, validTimeZone(values.timeZone), options);
  // Known from now on: strangers' failed sign-ins on this account do not stop this browser.
  const browser = await rememberBrowser(db, result.organiserId, knownBrowser);
  store.set(knownBrowserCookieName(config), browser.token, sessionCookieOptions(config, browser.expiresAt));
  redirect(safeReturnPath(values.next));
}

function refusalMessage(refusal: Exclude<SignInResult, { ok: true }>): string {
  switch (refusal.reason) {
    case "invalid_credentials":
      return "That email and password do not match an account. Check both and try again.";
    case "rate_limited": {
      const wait = refusal.retryAfterSeconds < 60 ? `${refusal.retryAfterSeconds} seconds` : `${Math.ceil(refusal.retryAfterSeconds / 60)} minutes`;
      return `Too many failed attempts. For your security, signing in is paused: try again in ${wait}.`;
    }
    case "busy":
      return "Many sign-ins are being checked right now. Please try again in a few seconds.";
  }
}
