import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { organisers } from "@/db/schema";
import { passwordSchema } from "@/lib/domain/auth/organisers";
import { hashPassword, PasswordHashingBusyError, verifyPassword } from "@/lib/domain/auth/passwords";
import {
  consumeAll,
  type CountingLimiter,
  type FailureLimiter,
  type LimitedAttempt,
} from "@/lib/platform/ratelimit/failure-limiter";
import { UNKNOWN_ADDRESS } from "@/lib/platform/ratelimit/client-address";
import { withoutControlCharacters } from "@/lib/platform/text/control-characters";
import { claimKnownBrowserAttempt } from "./known-browsers";

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address.")
    .max(320)
    .refine(...withoutControlCharacters)
    .pipe(z.email("Enter an email address like name@example.com.")),
  password: z
    .string()
    .min(1, "Enter your password.")
    .max(200, "That password is too long.")
    .refine(...withoutControlCharacters),
});
export type SignInInput = z.output<typeof signInSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, "Enter your current password.")
      .max(200)
      .refine(...withoutControlCharacters),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
    /** The "also revoke every API token" checkbox: "on" when ticked. */
    revokeTokens: z.string().transform((value) => value === "on"),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    message: "The two new passwords differ.",
    path: ["confirmPassword"],
  });

/** Failed sign-ins from browsers the account does not know, counted per account and per client address. */
export interface SignInLimiters {
  byAccount: FailureLimiter;
  /** The account's daily budget: past it, `byAccountPastDaily` lets attempts through slowly instead of none. */
  byAccountDaily: FailureLimiter;
  byAccountPastDaily: FailureLimiter;
  byAddress: FailureLimiter;
}

export type SignInResult =
  | { ok: true; organiserId: string }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
  /** Too many password checks at once in this process (lib/domain/auth/passwords.ts), or the limits' store failed. */
  | { ok: false; reason: "busy" };
export type SignInRefusal = Exclude<SignInResult, { ok: true }>;

/** Where a password attempt comes from: the client address and the known-browser cookie, if any. */
export interface AttemptOrigin {
  address: string;
  knownBrowser?: string;
}

// Unknown emails are checked against this hash too, so the answer takes as long as for a real account
// and the timing does not tell which emails have accounts.
let decoyHash: Promise<string> | undefined;
const decoy = () =>
  (decoyHash ??= hashPassword("racekeys decoy password").catch((error: unknown) => {
    decoyHash = undefined; // busy: the next sign-in makes it
    throw error;
  }));

/** The organiser whose password this is, or undefined; API-only accounts have no password. */
export async function verifyCredentials(db: Queryable, input: SignInInput): Promise<string | undefined> {
  const [row] = await db
    .select({ id: organisers.id, passwordHash: organisers.passwordHash })
    .from(organisers)
    .where(eq(organisers.email, input.email));
  const valid = await verifyPassword(input.password, row?.passwordHash ?? (await decoy()));
  return valid && row?.passwordHash ? row.id : undefined;
}

/**
 * Takes a point from the limits before the password check and gives it back on success, so parallel
 * guesses cannot pass together and only failures stay counted. A browser the account knows (its
 * cookie token in `knownBrowser`) is limited per account and browser only; any other attempt per
 * account and per address, refused past a window without a password check. Requests whose address
 * is unknown are limited per account only: one shared "unknown" bucket would let anybody lock
 * everybody out.
 */
export async function signIn(
  db: Queryable,
  limiters: SignInLimiters,
  input: SignInInput & AttemptOrigin,
): Promise<SignInResult> {
  const knownBrowserAttempt = input.knownBrowser
    ? await claimKnownBrowserAttempt(db, input.email, input.knownBrowser)
    : undefined;
  let attempt: LimitedAttempt;
  try {
    attempt = knownBrowserAttempt ?? (await consumeAll(strangerLimits(limiters, input)));
  } catch {
    // The counters' store failed (signin-limiters.ts fails closed): no password check without them.
    // Points another counter took are not given back: the attempt counts as failed there.
    return { ok: false, reason: "busy" };
  }
  if (!attempt.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  let organiserId: string | undefined;
  try {
    organiserId = await verifyCredentials(db, input);
  } catch (error) {
    await attempt.reward(); // no password was checked
    if (error instanceof PasswordHashingBusyError) return { ok: false, reason: "busy" };
    throw error;
  }
  if (!organiserId) return { ok: false, reason: "invalid_credentials" };
  await attempt.reward();
  return { ok: true, organiserId };
}

function strangerLimits(
  limiters: SignInLimiters,
  input: { email: string; address: string },
): Array<[CountingLimiter, string]> {
  const limits: Array<[CountingLimiter, string]> = [
    [limiters.byAccount, input.email],
    [slowedPastLimit(limiters.byAccountDaily, limiters.byAccountPastDaily), input.email],
  ];
  if (input.address !== UNKNOWN_ADDRESS) limits.push([limiters.byAddress, input.address]);
  return limits;
}

/**
 * For one attempt: a point from `limit`, or past it one from `pastLimit` (e.g. one attempt per
 * 15 minutes), so a full limit slows attempts rather than refusing them all until it ends.
 */
function slowedPastLimit(limit: FailureLimiter, pastLimit: FailureLimiter): CountingLimiter {
  let taken: FailureLimiter | undefined;
  return {
    async consume(subject) {
      const decision = await limit.consume(subject);
      if (decision.allowed) {
        taken = limit;
        return decision;
      }
      const slowed = await pastLimit.consume(subject);
      if (slowed.allowed) taken = pastLimit;
      return slowed.allowed
        ? slowed
        : { ...slowed, retryAfterSeconds: Math.min(decision.retryAfterSeconds, slowed.retryAfterSeconds) };
    },
    async reward(subject) {
      await taken?.reward(subject);
      taken = undefined;
    },
  };
}

/** What the form says about a refused attempt. */
export function refusalMessage(refusal: SignInRefusal): string {
  switch (refusal.reason) {
    case "invalid_credentials":
      return "That email and password do not match an account. Check both and try again.";
    case "rate_limited": {
      const seconds = refusal.retryAfterSeconds;
      const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      return `Too many failed attempts. For your security, signing in is paused: try again in ${wait}.`;
    }
    case "busy":
      return "Many sign-ins are being checked right now. Please try again in a few seconds.";
  }
}

/**
 * The signed-in organiser's password once more, before what a stolen session alone must not do
 * (create an API token, change the password). Limited exactly like a sign-in, so a stolen session
 * cannot guess the password any faster than a stranger.
 */
export async function confirmPassword(
  db: Queryable,
  limiters: SignInLimiters,
  input: AttemptOrigin & { organiserId: string; email: string; password: string },
): Promise<{ ok: true } | SignInRefusal> {
  const result = await signIn(db, limiters, input);
  if (result.ok && result.organiserId !== input.organiserId) return { ok: false, reason: "invalid_credentials" };
  return result.ok ? { ok: true } : result;
}

/** Sets a new password after confirming the current one (`confirmPassword`). */
export async function changePassword(
  db: Queryable,
  limiters: SignInLimiters,
  input: AttemptOrigin & { organiserId: string; email: string; currentPassword: string; newPassword: string },
): Promise<{ ok: true } | SignInRefusal> {
  const confirmed = await confirmPassword(db, limiters, { ...input, password: input.currentPassword });
  if (!confirmed.ok) return confirmed;
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(input.newPassword);
  } catch (error) {
    if (error instanceof PasswordHashingBusyError) return { ok: false, reason: "busy" };
    throw error;
  }
  await db.update(organisers).set({ passwordHash }).where(eq(organisers.id, input.organiserId));
  return { ok: true };
}

/** Only dashboard paths are offered as a return address, so the sign-in page cannot redirect elsewhere. */
export const safeReturnPath = (path: string | undefined | null): string =>
  path && /^\/dashboard(?:[/?#]|$)/.test(path) && !path.includes("//") && !path.includes("\\") ? path : "/dashboard";
