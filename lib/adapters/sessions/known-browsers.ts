import { randomBytes } from "node:crypto";
import { and, eq, gt, inArray, lt, lte, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { knownBrowsers, organisers } from "@/db/schema";
import { hashToken } from "@/lib/domain/auth/tokens";
import type { LimitedAttempt } from "@/lib/platform/ratelimit/failure-limiter";

/**
 * Browsers where an organiser signed in before (OWASP "device cookies"). A sign-in from such a
 * browser is limited per account and browser only, so failures elsewhere, however many, do not
 * stop the organiser at their own desk; a few failures through the browser end its trust.
 */

/** A browser stays known this long after its last successful sign-in. */
export const KNOWN_BROWSER_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;
/** Failed sign-ins through a known browser before it is treated like any other browser. */
export const KNOWN_BROWSER_FAILURES = 5;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface KnownBrowserCookie {
  /** Goes into the cookie only; the database keeps its SHA-256. */
  token: string;
  expiresAt: Date;
}

/**
 * Takes one of the browser's failure points when `token` is a known browser of `email`'s account
 * with points left, atomically, so parallel guesses through one cookie get at most the few through;
 * undefined when the browser is not trusted for that account (then the account-wide limits apply).
 */
export async function claimKnownBrowserAttempt(
  db: Queryable,
  email: string,
  token: string,
): Promise<LimitedAttempt | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await db
    .update(knownBrowsers)
    .set({ failures: sql`${knownBrowsers.failures} + 1` })
    .where(
      and(
        eq(knownBrowsers.tokenHash, hashToken(token)),
        lt(knownBrowsers.failures, KNOWN_BROWSER_FAILURES),
        gt(knownBrowsers.expiresAt, sql`now()`),
        inArray(
          knownBrowsers.organiserId,
          db.select({ id: organisers.id }).from(organisers).where(eq(organisers.email, email)),
        ),
      ),
    )
    .returning({ id: knownBrowsers.id });
  if (!row) return undefined;
  return {
    allowed: true,
    retryAfterSeconds: 0,
    async reward() {
      await db
        .update(knownBrowsers)
        .set({ failures: sql`greatest(${knownBrowsers.failures} - 1, 0)` })
        .where(eq(knownBrowsers.id, row.id));
    },
  };
}

/**
 * After a successful sign-in: the browser's cookie, renewed with its failures forgotten when it was
 * known to this organiser already, otherwise a new one (a browser shared by two organisers is known
 * to the one who signed in last).
 */
export async function rememberBrowser(
  db: Queryable,
  organiserId: string,
  token: string | undefined,
  now = new Date(),
): Promise<KnownBrowserCookie> {
  const expiresAt = new Date(now.getTime() + KNOWN_BROWSER_LIFETIME_MS);
  if (token && TOKEN_PATTERN.test(token)) {
    const renewed = await db
      .update(knownBrowsers)
      .set({ failures: 0, expiresAt })
      .where(and(eq(knownBrowsers.tokenHash, hashToken(token)), eq(knownBrowsers.organiserId, organiserId)))
      .returning({ id: knownBrowsers.id });
    if (renewed.length) return { token, expiresAt };
  }
  const fresh = randomBytes(32).toString("base64url");
  // Expired browsers of this organiser go at each new one, so the table does not grow forever.
  await db
    .delete(knownBrowsers)
    .where(and(eq(knownBrowsers.organiserId, organiserId), lte(knownBrowsers.expiresAt, now)));
  await db.insert(knownBrowsers).values({ organiserId, tokenHash: hashToken(fresh), expiresAt });
  return { token: fresh, expiresAt };
}

/** After a password change: only the browser that changed it stays known. */
export async function forgetOtherBrowsers(
  db: Queryable,
  organiserId: string,
  keepToken: string | undefined,
): Promise<void> {
  await db
    .delete(knownBrowsers)
    .where(and(eq(knownBrowsers.organiserId, organiserId), ne(knownBrowsers.tokenHash, hashToken(keepToken ?? ""))));
}
