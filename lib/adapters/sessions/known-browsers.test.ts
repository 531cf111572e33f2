import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownBrowsers } from "@/db/schema";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { PASSWORD_HASHES_AT_ONCE, PASSWORD_HASHES_WAITING, verifyPassword } from "@/lib/domain/auth/passwords";
import { hashToken } from "@/lib/domain/auth/tokens";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import {
  forgetOtherBrowsers,
  KNOWN_BROWSER_FAILURES,
  KNOWN_BROWSER_LIFETIME_MS,
  rememberBrowser,
} from "./known-browsers";
import { signIn, type SignInLimiters, type SignInResult } from "./signin";
import {
  createSignInLimiters,
  SIGN_IN_FAILURES_PER_ACCOUNT,
  SIGN_IN_WINDOWS,
  type SignInWindows,
} from "./signin-limiters";

const PASSWORD = "correct horse battery";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tally = (results: SignInResult[]) => {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.ok ? "ok" : result.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe.each(testDrivers())("known browsers on %s", (driver) => {
  let database: TestDatabase;
  let organiserId: string;
  let otherId: string;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    organiserId = (await createOrganiser(database.db, { email: "owner@example.com", password: PASSWORD })).id;
    otherId = (await createOrganiser(database.db, { email: "other@example.com", password: "another password" })).id;
  });
  afterAll(async () => database?.close());

  const limitersWith = (windows: SignInWindows): SignInLimiters =>
    createSignInLimiters({ kind: "memory" }, windows, `test-${Math.random()}`);
  const attempt = (
    limiters: SignInLimiters,
    password: string,
    address: string,
    knownBrowser?: string,
    email = "owner@example.com",
  ) => signIn(database.db, limiters, { email, password, address, knownBrowser });
  /** The owner signs in once from a browser, which is then known to the account. */
  const knownBrowserOfOwner = async () => (await rememberBrowser(database.db, organiserId, undefined)).token;
  const failuresOf = async (token: string) =>
    (
      await database.db
        .select({ failures: knownBrowsers.failures })
        .from(knownBrowsers)
        .where(eq(knownBrowsers.tokenHash, hashToken(token)))
    )[0]?.failures;

  it("an attacker's 1,000 failures from several addresses do not stop the owner at a known browser; guessing stays limited", async () => {
    const limiters = limitersWith(SIGN_IN_WINDOWS);
    const browser = await knownBrowserOfOwner();
    const results: SignInResult[] = [];
    for (let round = 0; round < 10; round++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, (_, i) => attempt(limiters, `guess ${round}-${i}`, `203.0.113.${i % 25}`)),
        )),
      );
    }
    const perAccount = SIGN_IN_FAILURES_PER_ACCOUNT[0]!.failures;
    expect(tally(results)).toEqual({ invalid_credentials: perAccount, rate_limited: 1000 - perAccount });

    expect(await attempt(limiters, PASSWORD, "198.51.100.1", browser)).toEqual({ ok: true, organiserId });
    const attacker = await attempt(limiters, "one more guess", "203.0.113.99");
    expect(attacker).toMatchObject({ ok: false, reason: "rate_limited" });
    // A new browser of the owner is slowed, not blocked for a day: at most the 15-minute window.
    const newBrowser = await attempt(limiters, PASSWORD, "198.51.100.2");
    expect(newBrowser).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(
      newBrowser.ok === false && newBrowser.reason === "rate_limited" && newBrowser.retryAfterSeconds,
    ).toBeLessThanOrEqual(900);
  }, 60_000);

  it("past the daily limit an account is slowed to one attempt per window, not refused for the day", async () => {
    const limiters = limitersWith({
      perAccount: [{ failures: 1000, seconds: 600 }],
      dailyPerAccount: [{ failures: 3, seconds: 86_400 }],
      pastDailyPerAccount: [{ failures: 1, seconds: 3 }],
      perAddress: [{ failures: 1000, seconds: 600 }],
    });
    const burst = async () =>
      tally(
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => attempt(limiters, `guess ${i}`, `203.0.113.${i % 25}`)),
        ),
      );
    // The burst takes its points at once: the daily three and at most the one of the slowed window.
    const first = await burst();
    expect(first.invalid_credentials).toBeGreaterThanOrEqual(3);
    expect(first.invalid_credentials).toBeLessThanOrEqual(4);
    // Every later burst gets one attempt at most (none while the window's attempt is taken).
    expect((await burst()).invalid_credentials ?? 0).toBeLessThanOrEqual(1);
    // The owner in a new browser waits seconds, not a day.
    let owner = await attempt(limiters, PASSWORD, "198.51.100.3");
    if (!owner.ok) {
      expect(owner).toMatchObject({ reason: "rate_limited" });
      expect(owner.reason === "rate_limited" && owner.retryAfterSeconds).toBeLessThanOrEqual(3);
      await sleep(3100);
      owner = await attempt(limiters, PASSWORD, "198.51.100.3");
    }
    expect(owner).toEqual({ ok: true, organiserId });
  }, 60_000);

  it("a known browser has a few failures of its own, then counts like any other browser; a success restores it", async () => {
    const limiters = limitersWith({ ...SIGN_IN_WINDOWS, perAccount: [{ failures: 3, seconds: 600 }] });
    const browser = await knownBrowserOfOwner();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(limiters, `guess ${i}`, "198.51.100.4", browser)),
    );
    // Its own five, then the account's three: the burst through one cookie gets no more.
    expect(tally(results)).toEqual({
      invalid_credentials: KNOWN_BROWSER_FAILURES + 3,
      rate_limited: 20 - KNOWN_BROWSER_FAILURES - 3,
    });
    expect(await failuresOf(browser)).toBe(KNOWN_BROWSER_FAILURES);
    expect(await attempt(limiters, PASSWORD, "198.51.100.4", browser)).toMatchObject({ reason: "rate_limited" });

    // The known browser's failures do not count against the account: another known browser is not affected.
    const fresh = limitersWith({ ...SIGN_IN_WINDOWS, perAccount: [{ failures: 3, seconds: 600 }] });
    const other = await knownBrowserOfOwner();
    for (let i = 0; i < KNOWN_BROWSER_FAILURES; i++)
      expect(await attempt(fresh, "wrong", "198.51.100.5", other)).toMatchObject({ reason: "invalid_credentials" });
    expect(await attempt(fresh, PASSWORD, "198.51.100.6")).toEqual({ ok: true, organiserId });

    // Signing in again (the rest of the code does it after every success) forgets the failures.
    expect(await rememberBrowser(database.db, organiserId, other)).toMatchObject({ token: other });
    expect(await failuresOf(other)).toBe(0);
    expect(await attempt(fresh, PASSWORD, "198.51.100.5", other)).toEqual({ ok: true, organiserId });
  }, 60_000);

  it("trusts a cookie only for its own account, unexpired, and stores only its hash", async () => {
    const limiters = limitersWith({ ...SIGN_IN_WINDOWS, perAccount: [{ failures: 1, seconds: 600 }] });
    const ownersBrowser = await knownBrowserOfOwner();
    const rows = await database.db.select().from(knownBrowsers).where(eq(knownBrowsers.organiserId, organiserId));
    expect(JSON.stringify(rows)).not.toContain(ownersBrowser);
    // On the other account the owner's cookie is just any browser: the account limit of one applies.
    expect(await attempt(limiters, "wrong", "198.51.100.7", ownersBrowser, "other@example.com")).toMatchObject({
      reason: "invalid_credentials",
    });
    expect(
      await attempt(limiters, "another password", "198.51.100.7", ownersBrowser, "other@example.com"),
    ).toMatchObject({ reason: "rate_limited" });
    for (const token of ["not a token", "x".repeat(43)]) {
      expect(await attempt(limiters, "another password", "198.51.100.7", token, "other@example.com")).toMatchObject({
        reason: "rate_limited",
      });
    }
    const expired = await rememberBrowser(
      database.db,
      otherId,
      undefined,
      new Date(Date.now() - KNOWN_BROWSER_LIFETIME_MS - 1000),
    );
    expect(
      await attempt(limiters, "another password", "198.51.100.7", expired.token, "other@example.com"),
    ).toMatchObject({ reason: "rate_limited" });
    // A cookie of the other account is replaced by one of the owner's when the owner signs in there.
    const replaced = await rememberBrowser(
      database.db,
      organiserId,
      (await rememberBrowser(database.db, otherId, undefined)).token,
    );
    expect(await failuresOf(replaced.token)).toBe(0);
    expect(replaced.expiresAt.getTime() - Date.now()).toBeGreaterThan(KNOWN_BROWSER_LIFETIME_MS - 60_000);
  });

  it("after a password change only the browser that changed it stays known", async () => {
    const kept = await knownBrowserOfOwner();
    const dropped = await knownBrowserOfOwner();
    const othersBrowser = (await rememberBrowser(database.db, otherId, undefined)).token;
    await forgetOtherBrowsers(database.db, organiserId, kept);
    expect(await failuresOf(kept)).toBe(0);
    expect(await failuresOf(dropped)).toBeUndefined();
    expect(await failuresOf(othersBrowser)).toBe(0);
  });

  it("answers busy while every password hashing slot is taken, and counts nothing for it", async () => {
    const limiters = limitersWith({ ...SIGN_IN_WINDOWS, perAccount: [{ failures: 1, seconds: 600 }] });
    // 16 MiB hashes (the parameters travel with the hash) take every slot for a while.
    const slow = `scrypt$16384$8$1$${"A".repeat(22)}$${"B".repeat(43)}`;
    const occupying = Array.from({ length: PASSWORD_HASHES_AT_ONCE + PASSWORD_HASHES_WAITING }, () =>
      verifyPassword("x", slow),
    );
    expect(await attempt(limiters, "wrong", "198.51.100.8")).toEqual({ ok: false, reason: "busy" });
    await Promise.all(occupying);
    // The busy attempt gave its point back: the account's single failure is still available.
    expect(await attempt(limiters, "wrong", "198.51.100.8")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await attempt(limiters, PASSWORD, "198.51.100.8")).toMatchObject({ reason: "rate_limited" });
  }, 60_000);
});
