import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "@/lib/events/events";
import { sessionCookieName } from "@/lib/sessions/cookie";
import { createSession } from "@/lib/sessions/sessions";
import { newOrganiser } from "@/lib/testing/client";
import { freePort } from "@/lib/testing/cluster";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/lib/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/lib/testing/server";

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
        startTestServer(await freePort(), { DATABASE_URL: database.url!, REDIS_URL: "", SEED_DEMO: "never", PUBLIC_URL: publicUrl }),
      ),
    );
    servers = { http: http!, https: https! };
    const { organiser } = await newOrganiser(database.db);
    eventId = (await createEvent(database.db, organiser.id, { name: "Header Run" })).id;
    const { sessionId } = await createSession(database.db, organiser.id);
    // `next start` runs in production, where the cookie is always Secure and __Host- prefixed.
    cookie = `${sessionCookieName({ PUBLIC_URL: "http://keys.example.com", NODE_ENV: "production" })}=${sessionId}`;
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(Object.values(servers ?? {}).map((server) => server.stop()));
    await database?.close();
  });

  const load = async (scheme: "http" | "https", path: string) => {
    const response = await fetch(`${servers[scheme].origin}${path}`, { headers: { cookie }, redirect: "manual" });
    return { response, html: await response.text() };
  };

  for (const scheme of ["http", "https"] as const) {
    it(`${scheme} PUBLIC_URL: /signin and dashboard pages send a nonce CSP, carry the nonce on every script, and HSTS ${scheme === "https" ? "" : "not "}`, async () => {
      const nonces = new Set<string>();
      for (const path of ["/signin", "/dashboard", "/dashboard/account", `/dashboard/events/${eventId}`, "/dashboard/events/new"]) {
        const { response, html } = await load(scheme, path);
        expect(response.status, path).toBe(200);
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

  it("the proxy decides no access: signed out, the dashboard still redirects to sign in, with the headers", async () => {
    const response = await fetch(`${servers.http.origin}/dashboard/account`, { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/signin\?next=%2Fdashboard%2Faccount$/);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("security headers of the dashboard and sign-in pages", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
