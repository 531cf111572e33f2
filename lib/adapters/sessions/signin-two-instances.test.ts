import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTwoTestServers, type TestServer } from "@/testing/server";
import { SIGN_IN_FAILURES_PER_ACCOUNT } from "./signin-limiters";

/**
 * Sign-in limits across processes: two `next start` instances of the production build share one
 * PostgreSQL database. The /signin form is posted the way a browser without JavaScript posts it
 * (the server action's hidden fields from the rendered page, multipart, with the page's origin);
 * the answer is the page again with the form's message, or a redirect with the session cookie.
 */

const EMAIL = "burst@example.com";
const PASSWORD = "correct horse battery";
const WRONG = "That email and password do not match";
const LIMITED = "Too many failed attempts";
const BUSY = "Many sign-ins are being checked right now";

/** The hidden inputs React renders into a server-action form (`$ACTION_…`), by name. */
function actionFields(html: string): Array<[string, string]> {
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const fields: Array<[string, string]> = [];
  for (const [input] of html.matchAll(/<input[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (name?.startsWith("$ACTION")) fields.push([decode(name), decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "")]);
  }
  return fields;
}

// Skipped without TEST_DATABASE_URL (CI always sets it): two server processes can share only a real
// PostgreSQL server, never one embedded PGlite directory.
describe.skipIf(!hasPostgres())("signing in on two server instances sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let servers: TestServer[] = [];

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    servers = await startTwoTestServers({
      DATABASE_URL: database.url!,
      REDIS_URL: "",
      TRUST_PROXY: "false",
      SEED_DEMO: "never",
    });
    await createOrganiser(database.db, { email: EMAIL, password: PASSWORD });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.close();
  });

  /** Fetches the sign-in page of instance i mod 2 and posts its form; `cookie` as a browser would send it. */
  async function postSignIn(i: number, password: string, cookie = ""): Promise<Response> {
    const { origin } = servers[i % servers.length]!;
    const page = await (await fetch(`${origin}/signin`)).text();
    const form = new FormData();
    for (const [name, value] of actionFields(page)) form.append(name, value);
    form.append("next", "/dashboard");
    form.append("timeZone", "UTC");
    form.append("email", EMAIL);
    form.append("password", password);
    return fetch(`${origin}/signin`, { method: "POST", body: form, headers: { origin, cookie }, redirect: "manual" });
  }

  const answerOf = async (response: Response) => {
    if (response.status === 303) return "signed in";
    const html = await response.text();
    return [WRONG, LIMITED, BUSY].find((message) => html.includes(message)) ?? `unexpected ${response.status}`;
  };

  it("a browser that signs in gets a session and a known-browser cookie", async () => {
    const response = await postSignIn(0, PASSWORD);
    expect(response.status).toBe(303);
    const cookies = response.headers.getSetCookie();
    expect(cookies.find((c) => /^(__Host-)?racekeys_session=/.test(c))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => /^(__Host-)?racekeys_browser=/.test(c))).toMatch(/HttpOnly/i);
  });

  it("100 parallel wrong passwords on one account across both instances: at most the limit are checked", async () => {
    // A browser the owner signed in with before the attack.
    const known = (await postSignIn(1, PASSWORD)).headers
      .getSetCookie()
      .find((c) => /^(__Host-)?racekeys_browser=/.test(c))!;
    const limit = SIGN_IN_FAILURES_PER_ACCOUNT[0]!.failures;
    const answers = await Promise.all(
      Array.from({ length: 10 * limit }, async (_, i) => answerOf(await postSignIn(i, `guess ${i}`))),
    );
    const counts: Record<string, number> = {};
    for (const answer of answers) counts[answer] = (counts[answer] ?? 0) + 1;
    expect(counts[WRONG]).toBeLessThanOrEqual(limit);
    expect(counts[WRONG]! + (counts[LIMITED] ?? 0) + (counts[BUSY] ?? 0)).toBe(10 * limit);
    expect(counts[LIMITED]).toBeGreaterThanOrEqual(10 * limit - limit - (counts[BUSY] ?? 0));
    const counters = await queryRows<{ key: string; points: number }>(
      database.db,
      sql`select key, points from rate_limits where key like 'signin-account:%'`,
    );
    expect(counters).toEqual([
      { key: `signin-account:${SIGN_IN_FAILURES_PER_ACCOUNT[0]!.seconds}:${EMAIL}`, points: counts[WRONG] },
    ]);

    // On a busy machine some guesses are answered "busy" before their password is checked, so
    // fewer than the limit may have failed: sequential guesses reach it, and no more are checked.
    let wrong = counts[WRONG]!;
    for (let i = 0; wrong < limit; i++) {
      const answer = await answerOf(await postSignIn(i, `late guess ${i}`));
      if (answer === WRONG) wrong++;
      else expect(answer).toBe(BUSY);
    }
    expect(await answerOf(await postSignIn(0, "one guess too many"))).toBe(LIMITED);

    // The account is paused for other browsers, on both instances…
    for (const i of [0, 1]) expect(await answerOf(await postSignIn(i, PASSWORD))).toBe(LIMITED);
    // …but not for the owner's known browser.
    for (const i of [0, 1])
      expect(await answerOf(await postSignIn(i, PASSWORD, known.split(";")[0]))).toBe("signed in");
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("signing in on two server instances", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
