import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "@/lib/domain/events/events";
import { sessionCookieName } from "@/lib/adapters/sessions/cookie";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { newOrganiser } from "@/testing/client";
import { freePort } from "@/testing/cluster";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/testing/server";

/**
 * The security headers of the sign-in and dashboard pages, from the production build (the proxy
 * sets them, Next.js puts the nonce on its scripts), over an http and an https PUBLIC_URL.
 */
// Skipped without TEST_DATABASE_URL (CI always sets it): the test signs in by writing a session
// into the server's database, which only a PostgreSQL server can share with another process.
describe.skipIf(!hasPostgres())("security headers of the dashboard and sign-in pages", () => {
  let database: TestDatabase;
  let servers: Record<"http" | "https", TestServer>;
  let cookie: string;
  let eventId: string;

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    const [http, https] = await Promise.all(
      ["http://keys.example.com", "https://keys.example.com"].map(async (publicUrl) =>
        startTestServer(await freePort(), {
          DATABASE_URL: database.url!,
          REDIS_URL: "",
          SEED_DEMO: "never",
          PUBLIC_URL: publicUrl,
        }),
      ),
    );
    servers = { http: http!, https: https! };
    const { organiser } = await newOrganiser(database.db);
    eventId = (await createEvent(database.db, organiser.id, { name: "Header Run" })).id;
    const { sessionId } = await createSession(database.db, organiser.id);
    // Both names: the servers inherit the test run's NODE_ENV, so only https gets the __Host- one.
    cookie = ["http", "https"]
      .map(
        (scheme) =>
          `${sessionCookieName({ PUBLIC_URL: `${scheme}://keys.example.com`, NODE_ENV: "test" })}=${sessionId}`,
      )
      .join("; ");
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(Object.values(servers ?? {}).map((server) => server.stop()));
    await database?.close();
  });

  const load = async (scheme: "http" | "https", path: string, signedIn = true) => {
    const response = await fetch(`${servers[scheme].origin}${path}`, {
      headers: signedIn ? { cookie } : {},
      redirect: "manual",
    });
    return { response, html: await response.text() };
  };

  for (const scheme of ["http", "https"] as const) {
    it(`${scheme} PUBLIC_URL: sign-in and dashboard pages send a new nonce CSP each, carry it on every script, ${scheme === "https" ? "and HSTS" : "no HSTS"}`, async () => {
      const nonces = new Set<string>();
      const pages = [
        { path: "/signin", signedIn: false, shows: "Sign in" },
        { path: "/dashboard", signedIn: true, shows: "Header Run" },
        { path: "/dashboard/account", signedIn: true, shows: "Change password" },
        { path: `/dashboard/events/${eventId}`, signedIn: true, shows: "Header Run" },
        { path: "/dashboard/events/new", signedIn: true, shows: "Create event" },
      ];
      for (const { path, signedIn, shows } of pages) {
        const { response, html } = await load(scheme, path, signedIn);
        expect(response.status, path).toBe(200);
        expect(html, path).toContain(shows);
        const headers = Object.fromEntries(response.headers);
        expect(headers, path).toMatchObject({
          "x-content-type-options": "nosniff",
          "x-frame-options": "DENY",
          "referrer-policy": "same-origin",
        });
        const policy = headers["content-security-policy"]!;
        const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];
        expect(nonce, `${path}: ${policy}`).toBeDefined();
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
        expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
        expect(html, path).not.toMatch(/\sstyle="/); // style attributes would be refused
        if (scheme === "https") {
          expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
          expect(policy).toContain("upgrade-insecure-requests");
        } else {
          expect(headers["strict-transport-security"]).toBeUndefined();
          expect(policy).not.toContain("upgrade-insecure-requests");
        }
        nonces.add(nonce!);
      }
      expect(nonces.size).toBe(5); // a new nonce for every response
    });
  }

  it("the proxy decides no access: signed out, a dashboard page still sends the browser to sign in", async () => {
    const { response, html } = await load("http", "/dashboard/account", false);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // The layout streams before the page redirects: Next.js then redirects in the page itself.
    expect(html).toContain("/signin?next=%2Fdashboard%2Faccount");
    expect(html).not.toContain("Change password");
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres())
  describe("security headers of the dashboard and sign-in pages", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
