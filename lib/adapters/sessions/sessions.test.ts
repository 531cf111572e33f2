import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisers, sessions } from "@/db/schema";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { UNKNOWN_ADDRESS } from "@/lib/platform/ratelimit/client-address";
import { testDatabaseUrl } from "@/lib/platform/config";
import { createScratchDatabase, openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { cookieValue, sessionCookieName, sessionCookieOptions } from "./cookie";
import {
  createSession,
  destroyOtherSessions,
  destroySession,
  findSession,
  hashSessionId,
  SESSION_LIFETIME_MS,
} from "./sessions";
import { changePassword, confirmPassword, safeReturnPath, signIn, signInSchema, type SignInLimiters } from "./signin";
import { createSignInLimiters, SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOWS, signInLimiters } from "./signin-limiters";

const PASSWORD = "correct horse battery";

describe.each(testDrivers())("sessions on %s", (driver) => {
  let database: TestDatabase;
  let organiserId: string;
  let otherId: string;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    organiserId = (await createOrganiser(database.db, { email: "Ada@Example.com", password: PASSWORD })).id;
    otherId = (await createOrganiser(database.db, { email: "grace@example.com", password: "another password" })).id;
  });
  afterAll(async () => database?.close());

  it("stores only the SHA-256 of a random session id and finds the organiser by the id", async () => {
    const session = await createSession(database.db, organiserId);
    expect(session.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await database.db.select().from(sessions).where(eq(sessions.organiserId, organiserId));
    expect(rows.map((r) => r.sessionHash)).toContain(hashSessionId(session.sessionId));
    expect(JSON.stringify(rows)).not.toContain(session.sessionId);
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_LIFETIME_MS - 60_000);
    expect(await findSession(database.db, session.sessionId)).toMatchObject({ organiserId, email: "ada@example.com" });
  });

  it("refuses unknown, malformed and expired sessions", async () => {
    expect(await findSession(database.db, "x".repeat(43))).toBeUndefined();
    expect(await findSession(database.db, "not a session id")).toBeUndefined();
    expect(await findSession(database.db, undefined)).toBeUndefined();
    const expired = await createSession(database.db, organiserId, new Date(Date.now() - SESSION_LIFETIME_MS - 1000));
    expect(await findSession(database.db, expired.sessionId)).toBeUndefined();
  });

  it("removes the organiser's expired sessions at the next sign-in", async () => {
    const expired = await createSession(database.db, organiserId, new Date(Date.now() - SESSION_LIFETIME_MS - 1000));
    await createSession(database.db, organiserId);
    const rows = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.sessionHash, hashSessionId(expired.sessionId)));
    expect(rows).toEqual([]);
  });

  it("signs out one session, or every other session of the organiser only", async () => {
    const a = await createSession(database.db, organiserId);
    const b = await createSession(database.db, organiserId);
    const c = await createSession(database.db, organiserId);
    const others = await createSession(database.db, otherId);
    await destroySession(database.db, a.sessionId);
    expect(await findSession(database.db, a.sessionId)).toBeUndefined();
    expect(await findSession(database.db, b.sessionId)).toBeDefined();
    await destroyOtherSessions(database.db, organiserId, c.sessionId);
    expect(await findSession(database.db, b.sessionId)).toBeUndefined();
    expect(await findSession(database.db, c.sessionId)).toBeDefined();
    expect(await findSession(database.db, others.sessionId)).toMatchObject({ organiserId: otherId });
  });

  it("signs in with the right password only, case-insensitive email, and never API-only accounts", async () => {
    const limiters = testLimiters();
    const input = (email: string, password: string) => ({
      ...signInSchema.parse({ email, password }),
      address: "192.0.2.1",
    });
    expect(await signIn(database.db, limiters, input(" ADA@example.com ", PASSWORD))).toEqual({
      ok: true,
      organiserId,
    });
    expect(await signIn(database.db, limiters, input("ada@example.com", "wrong password"))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
    expect(await signIn(database.db, limiters, input("nobody@example.com", PASSWORD))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
    await createOrganiser(database.db, { email: "api-only@example.com" });
    expect(await signIn(database.db, limiters, input("api-only@example.com", "racekeys decoy password"))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("pauses an account after repeated failures, even with the right password, and per address across accounts", async () => {
    const limiters = testLimiters();
    const attempt = (email: string, password: string, address: string) =>
      signIn(database.db, limiters, { ...signInSchema.parse({ email, password }), address });
    for (let i = 0; i < 3; i++) expect((await attempt("ada@example.com", "wrong", `198.51.100.${i}`)).ok).toBe(false);
    const paused = await attempt("ada@example.com", PASSWORD, "198.51.100.99");
    expect(paused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(paused.ok === false && paused.reason === "rate_limited" && paused.retryAfterSeconds).toBeGreaterThan(0);
    // The other organiser is not affected by failures on Ada's account from other addresses…
    expect(await attempt("grace@example.com", "another password", "198.51.100.98")).toEqual({
      ok: true,
      organiserId: otherId,
    });
    // …but one address guessing across many accounts is stopped by the address limit.
    for (let i = 0; i < 5; i++) await attempt(`guess${i}@example.com`, "wrong", "203.0.113.7");
    expect(await attempt("grace@example.com", "another password", "203.0.113.7")).toMatchObject({
      reason: "rate_limited",
    });
  });

  it("does not pool requests of unknown address into one bucket that would lock everybody out", async () => {
    const limiters = testLimiters();
    for (let i = 0; i < 6; i++)
      await signIn(database.db, limiters, { email: `x${i}@example.com`, password: "wrong", address: UNKNOWN_ADDRESS });
    expect(
      await signIn(database.db, limiters, {
        email: "grace@example.com",
        password: "another password",
        address: UNKNOWN_ADDRESS,
      }),
    ).toEqual({
      ok: true,
      organiserId: otherId,
    });
  });

  it("keeps the configured sign-in limits in the process database's store (rate_limits on PostgreSQL)", async () => {
    const limiters = await signInLimiters();
    expect(await signInLimiters()).toBe(limiters);
    const subject = `limit-${crypto.randomUUID()}@example.com`;
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT[0]!.failures; i++) await limiters.byAccount.consume(subject);
    const decision = await limiters.byAccount.consume(subject);
    expect(decision.allowed).toBe(false);
    expect(decision.retryAfterSeconds).toBeGreaterThan(SIGN_IN_FAILURES_PER_ACCOUNT[0]!.seconds - 60);
    expect((await limiters.byAccount.consume("someone-else@example.com")).allowed).toBe(true);
  });

  // PostgreSQL only: on PGlite the counters live in this process's memory, which cannot fail.
  it.runIf(driver === "postgres")(
    "answers busy without checking the password while the counters' store fails",
    async () => {
      const store = await createScratchDatabase(testDatabaseUrl()!, "racekeys_store");
      const limiters = createSignInLimiters(
        { kind: "postgres", db: store.db },
        SIGN_IN_WINDOWS,
        `test-${Math.random()}`,
      );
      const input = { email: "ada@example.com", password: PASSWORD, address: "192.0.2.12" };
      expect(await signIn(database.db, limiters, input)).toEqual({ ok: true, organiserId });
      await store.close(); // the store is gone; the organisers' database is not
      expect(await signIn(database.db, limiters, input)).toEqual({ ok: false, reason: "busy" });
    },
  );

  it("changes the password only with the current one", async () => {
    const limiters = testLimiters();
    const change = (currentPassword: string) =>
      changePassword(database.db, limiters, {
        organiserId: otherId,
        email: "grace@example.com",
        address: "192.0.2.9",
        currentPassword,
        newPassword: "brand new password",
      });
    expect(await change("wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await change("another password")).toEqual({ ok: true });
    const withNew = await signIn(database.db, limiters, {
      email: "grace@example.com",
      password: "brand new password",
      address: "192.0.2.9",
    });
    expect(withNew).toEqual({ ok: true, organiserId: otherId });
    const [row] = await database.db
      .select({ hash: organisers.passwordHash })
      .from(organisers)
      .where(eq(organisers.id, otherId));
    expect(row?.hash).toMatch(/^scrypt\$/);
  });

  it("limits guessing the current password through a signed-in session like sign-ins", async () => {
    const limiters = testLimiters();
    const confirm = (password: string) =>
      confirmPassword(database.db, limiters, {
        organiserId,
        email: "ada@example.com",
        password,
        address: "192.0.2.10",
      });
    expect(await confirm(PASSWORD)).toEqual({ ok: true });
    for (let i = 0; i < 3; i++)
      expect(await confirm(`guess ${i}`)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await confirm(PASSWORD)).toMatchObject({ ok: false, reason: "rate_limited" });
    const change = await changePassword(database.db, limiters, {
      organiserId,
      email: "ada@example.com",
      address: "192.0.2.10",
      currentPassword: PASSWORD,
      newPassword: "brand new password",
    });
    expect(change).toMatchObject({ ok: false, reason: "rate_limited" });
    // Another organiser's password does not confirm this one's session.
    expect(
      await confirmPassword(database.db, testLimiters(), {
        organiserId,
        email: "grace@example.com",
        password: "brand new password",
        address: "192.0.2.11",
      }),
    ).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });
});

/** Small windows so that tests reach them quickly: 3 failures per account, 5 per address. */
function testLimiters(): SignInLimiters {
  return createSignInLimiters(
    { kind: "memory" },
    {
      perAccount: [{ failures: 3, seconds: 600 }],
      dailyPerAccount: [{ failures: 100, seconds: 86_400 }],
      pastDailyPerAccount: [{ failures: 1, seconds: 600 }],
      perAddress: [{ failures: 5, seconds: 600 }],
    },
    `test-${Math.random()}`,
  );
}

describe("session cookie", () => {
  it("is httpOnly and SameSite=Lax, and Secure with the __Host- prefix over https or in production", () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    const local = { PUBLIC_URL: "http://localhost:3000", NODE_ENV: "development" as const };
    expect(sessionCookieName(local)).toBe("racekeys_session");
    expect(sessionCookieOptions(local, expires)).toEqual({
      httpOnly: true,
      secure: false,
      sameSite: "lax",
      path: "/",
      expires,
    });
    for (const config of [
      { PUBLIC_URL: "https://keys.example.com", NODE_ENV: "development" as const },
      { PUBLIC_URL: "http://localhost:3000", NODE_ENV: "production" as const },
    ]) {
      expect(sessionCookieName(config)).toBe("__Host-racekeys_session");
      expect(sessionCookieOptions(config, expires)).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: "lax",
        path: "/",
      });
    }
  });

  it("reads one cookie from a Cookie header", () => {
    expect(cookieValue("a=1; racekeys_session=abc; b=2", "racekeys_session")).toBe("abc");
    expect(cookieValue("xracekeys_session=abc", "racekeys_session")).toBeUndefined();
    expect(cookieValue(null, "racekeys_session")).toBeUndefined();
  });
});

describe("return path after sign-in", () => {
  it("allows dashboard paths only", () => {
    expect(safeReturnPath("/dashboard/events/1/keys?q=a")).toBe("/dashboard/events/1/keys?q=a");
    expect(safeReturnPath("/dashboard")).toBe("/dashboard");
    for (const unsafe of [
      "https://evil.example/dashboard",
      "//evil.example",
      "/dashboard//evil",
      "/dashboardx",
      "/\\evil",
      undefined,
      "",
    ]) {
      expect(safeReturnPath(unsafe)).toBe("/dashboard");
    }
  });
});
