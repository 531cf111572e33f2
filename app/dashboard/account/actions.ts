"use server";

import { authorizeOrganisation } from "@/lib/domain/access";
import { createApiToken, revokeAllApiTokens, revokeApiToken } from "@/lib/domain/auth/tokens";
import { createTokenSchema, tokenIdSchema } from "@/lib/adapters/dashboard/account";
import { action } from "@/lib/adapters/dashboard/action";
import type { FormState } from "@/lib/adapters/dashboard/forms";
import { attemptOrigin } from "@/lib/adapters/sessions/attempt-origin";
import { forgetOtherBrowsers } from "@/lib/adapters/sessions/known-browsers";
import { destroyOtherSessions } from "@/lib/adapters/sessions/sessions";
import {
  changePassword,
  changePasswordSchema,
  confirmPassword,
  refusalMessage,
  type SignInRefusal,
} from "@/lib/adapters/sessions/signin";
import { signInLimiters } from "@/lib/adapters/sessions/signin-limiters";

const ACCOUNT = "/dashboard/account";

/** A refused current password as form state: a wrong one is marked at its field. */
function currentPasswordRefused(refusal: SignInRefusal, values?: Record<string, string>): FormState {
  if (refusal.reason === "invalid_credentials") {
    return {
      status: "error",
      message: "The current password is not right.",
      fieldErrors: { currentPassword: "This is not your current password." },
      values,
    };
  }
  return { status: "error", message: refusalMessage(refusal), values };
}

export const changePasswordAction = action(
  { page: ACCOUNT, schema: changePasswordSchema },
  async ({ db, session, input }) => {
    const origin = await attemptOrigin();
    const changed = await changePassword(db, await signInLimiters(), { ...session, ...input, ...origin });
    if (!changed.ok) return currentPasswordRefused(changed);
    // Whoever knew the old password is signed out everywhere else, and their browsers are strangers again.
    await destroyOtherSessions(db, session.organiserId, session.sessionId);
    await forgetOtherBrowsers(db, session.organiserId, origin.knownBrowser);
    const revoked = input.revokeTokens ? await revokeAllApiTokens(db, session.organiserId) : 0;
    const tokens = revoked ? ` ${revoked === 1 ? "1 API token was" : `${revoked} API tokens were`} revoked.` : "";
    const signedOut = "Other devices where you were signed in have been signed out.";
    return { status: "ok", message: `Password changed. ${signedOut}${tokens}` };
  },
);

export const createTokenAction = action(
  { page: ACCOUNT, schema: createTokenSchema, keep: ["name"] },
  async ({ db, session, principal, input, values }) => {
    const attempt = { ...session, password: input.currentPassword, ...(await attemptOrigin()) };
    const confirmed = await confirmPassword(db, await signInLimiters(), attempt);
    if (!confirmed.ok) return currentPasswordRefused(confirmed, values);
    const organisationId = authorizeOrganisation(principal, "tokens:manage");
    const { token } = await createApiToken(db, session.organiserId, input.name, { organisationId });
    return { status: "ok", message: `Token “${input.name}” created.`, secret: token };
  },
);

export const revokeTokenAction = action({ page: ACCOUNT, schema: tokenIdSchema }, async ({ db, principal, input }) =>
  (await revokeApiToken(db, authorizeOrganisation(principal, "tokens:manage"), input.tokenId))
    ? { status: "ok", message: "Token revoked. Programs using it are refused from now on." }
    : { status: "error", message: "That token does not exist or was revoked already." },
);
