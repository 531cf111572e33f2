import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as operations from "@/lib/adapters/api/operations";
import { createEvent } from "@/lib/domain/events/events";
import type { Operation } from "@/lib/adapters/http/operation";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { sessionCookieName } from "@/lib/adapters/sessions/cookie";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { freePort } from "@/testing/cluster";
import { newOrganiser } from "@/testing/client";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, TEST_DIST_DIR, type TestServer } from "@/testing/server";

/**
 * Bodies are bounded while they arrive: every POST that takes a body, against a real `next start`
 * of the production build, is sent a chunked body (no Content-Length) far over its limit. The
 * server must answer before the client has sent it all, and keep its memory.
 */

const MiB = 1024 * 1024;
const FILLER = new Uint8Array(64 * 1024).fill(0x61);

interface Sent {
  status: number;
  body: string;
  /** Bytes the client had handed over when the answer's headers arrived. */
  sentAtAnswer: number;
}

/**
 * Sends an endless chunked body made on demand (one reused 64 KiB chunk), or with `stall` one
 * chunk and then nothing until the answer came: a server that waited for the whole body would
 * never answer.
 */
async function sendEndless(
  url: string,
  method: string,
  headers: Record<string, string>,
  { stall = false } = {},
): Promise<Sent> {
  let sent = 0;
  let answered!: () => void;
  const answer = new Promise<void>((resolve) => (answered = resolve));
  const abort = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stall && sent > 0) await answer;
      if (abort.signal.aborted) return;
      sent += FILLER.byteLength;
      controller.enqueue(FILLER);
      // A cap so that a server which reads everything fails the test instead of running forever.
      if (sent >= 512 * MiB) controller.close();
    },
  });
  try {
    const response = await fetch(url, { method, headers, body, duplex: "half", signal: abort.signal } as RequestInit);
    const sentAtAnswer = sent;
    answered();
    const text = await response.text();
    return { status: response.status, body: text, sentAtAnswer };
  } finally {
    answered();
    abort.abort();
  }
}

/** The session under both names: the server's NODE_ENV (vitest's "test" passed on, or production) picks one. */
const sessionCookie = (sessionId: string) =>
  (["production", "test"] as const)
    .map((NODE_ENV) => `${sessionCookieName({ PUBLIC_URL: "http://x", NODE_ENV })}=${sessionId}`)
    .join("; ");

/** Time for the server to finish what it does after answering (discarding a body, logging). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** The server process's resident memory, from the kernel. */
const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

// Skipped without TEST_DATABASE_URL (CI always sets it): the server runs on a database of its own
// on the PostgreSQL server, which this test process can prepare and inspect at the same time.
describe.skipIf(!hasPostgres())("bodies over the limit on a real server", () => {
  let database: TestDatabase;
  let server: TestServer;
  let token: string;
  let organiserId: string;
  let cookie: string;
  let otherCookie: string;
  let eventId: string;
  let starterId: string;

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    server = await startTestServer(
      await freePort(),
      { DATABASE_URL: database.url!, REDIS_URL: "", SEED_DEMO: "never", TRUST_PROXY: "false", LOG_LEVEL: "error" },
      { captureOutput: true },
    );
    const owner = await newOrganiser(database.db);
    token = owner.token;
    organiserId = owner.organiser.id;
    const event = await createEvent(database.db, owner.organiser.id, { name: "Bounded Bodies Run" });
    eventId = event.id;
    starterId = (await mintStarterKeys(database.db, { organiserId: owner.organiser.id, eventId, count: 2 }))
      .starters[0]!.id;
    cookie = sessionCookie((await createSession(database.db, owner.organiser.id)).sessionId);
    otherCookie = sessionCookie(
      (await createSession(database.db, (await newOrganiser(database.db)).organiser.id)).sessionId,
    );
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  /** Runs `send` after a warm-up of the same kind (modules loaded, JIT), and the RSS growth it caused. */
  async function measured(send: () => Promise<Sent>): Promise<Sent & { growth: number }> {
    await send();
    const before = rssBytes(server.process.pid!);
    const sent = await send();
    // Let the server finish discarding what was still in flight before measuring.
    await settle();
    return { ...sent, growth: rssBytes(server.process.pid!) - before };
  }

  const apiUrl = (operation: Operation) =>
    server.origin + operation.path.replace("{eventId}", eventId).replace("{starterId}", starterId);
  const withBody = Object.values(operations).filter((operation) => operation.body) as Operation[];

  it.each(withBody.map((operation) => [operation.operationId, operation] as const))(
    "%s: a chunked body over 1 MB is a 413 in the one error shape, answered before it is all sent",
    async (_, operation) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (operation.auth === "token") headers.authorization = `Bearer ${token}`;
      const sent = await measured(() => sendEndless(apiUrl(operation), operation.method, headers));
      expect(sent.status).toBe(413);
      expect(JSON.parse(sent.body)).toEqual({
        error: { code: "payload_too_large", message: "the body must be at most 1 MB" },
      });
      expect(sent.sentAtAnswer).toBeLessThan(16 * MiB);
      expect(sent.growth).toBeLessThan(20 * MiB);
    },
  );

  it("the sign-in server action takes at most 1 MiB: a longer or unannounced body is refused before it is read", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(TEST_DIST_DIR, "server", "server-reference-manifest.json"), "utf8"),
    ) as {
      node: Record<string, { exportedName?: string; filename?: string }>;
    };
    const actionId = Object.entries(manifest.node).find(([, action]) => action.exportedName === "signInAction")![0];
    const boundary = "racekeysboundary";
    const headers = {
      "next-action": actionId,
      origin: server.origin,
      "content-type": `multipart/form-data; boundary=${boundary}`,
      accept: "text/x-component",
    };
    const form = (size: number) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="1_email"\r\n\r\n${"a".repeat(size)}\r\n--${boundary}--\r\n`;
    const post = (size: number) => fetch(`${server.origin}/signin`, { method: "POST", headers, body: form(size) });

    // Just under the limit Next.js reads the body (and then cannot decode this hand-made form) ...
    const under = await post(1000 * 1024);
    expect(under.status).not.toBe(413);
    await under.text();
    // ... just over, the proxy refuses it for its declared size, in the one error shape.
    const over = await post(1100 * 1024);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({
      error: { code: "payload_too_large", message: "the body must be at most 1 MiB" },
    });

    // An endless body declares no length. Next.js drains a proxied request's body before it sends
    // the proxy's answer (keeping at most proxyClientMaxBodySize), so the answer comes when the
    // client stops sending; the server holds no more of it meanwhile.
    const sent = await measured(() => sendEndless(`${server.origin}/signin`, "POST", headers));
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual({
      error: { code: "payload_too_large", message: "the body must declare its length, at most 1 MiB" },
    });
    expect(sent.growth).toBeLessThan(20 * MiB);
  });

  const uploadUrl = (intent = "check") =>
    `${server.origin}/dashboard/events/${eventId}/participants/upload?intent=${intent}&fileName=runners.csv`;

  it("the participant upload takes a list up to 16 MiB and refuses more while it arrives", async () => {
    const headers = { cookie, origin: server.origin, "content-type": "text/csv" };
    const small = await fetch(uploadUrl(), { method: "POST", headers, body: "\uFEFFname;bib\nAnna;1\n" });
    expect(small.status).toBe(200);
    expect(await small.json()).toMatchObject({
      status: "preview",
      list: { bom: true, fileName: "runners.csv" },
      preview: { delimiter: ";", rows: 1, problems: [], createdCount: 1 },
    });

    const sent = await measured(() => sendEndless(uploadUrl(), "POST", headers));
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual({
      error: { code: "payload_too_large", message: "the body must be at most 16 MiB" },
    });
    expect(sent.sentAtAnswer).toBeGreaterThan(16 * MiB);
    expect(sent.sentAtAnswer).toBeLessThan(32 * MiB);
    expect(sent.growth).toBeLessThan(20 * MiB);
  });

  it("the participant upload refuses strangers before reading the body, in the one error shape", async () => {
    const refusals: Array<[Record<string, string>, number, string]> = [
      [{ origin: server.origin }, 401, "unauthorized"],
      [{ origin: server.origin, cookie: otherCookie }, 404, "not_found"],
      [{ origin: "https://elsewhere.example", cookie }, 403, "forbidden"],
      [{ cookie }, 403, "forbidden"],
    ];
    for (const [headers, status, code] of refusals) {
      // One chunk, then nothing until the answer: it can only come before the body was read.
      const sent = await sendEndless(
        uploadUrl("save"),
        "POST",
        { "content-type": "text/csv", ...headers },
        { stall: true },
      );
      expect(sent.status).toBe(status);
      expect(JSON.parse(sent.body)).toMatchObject({ error: { code } });
      expect(sent.sentAtAnswer).toBeLessThan(MiB);
    }
  });

  it("a query that fails in the database is logged without its parameters, by the app and by Next.js", async () => {
    const secret = "Lindqvist";
    await database.db.execute(sql`alter table starters rename to starters_away`);
    try {
      const page = await fetch(`${server.origin}/dashboard/events/${eventId}/keys?q=${secret}`, {
        headers: { cookie },
      });
      // The page streams: after the 200 headers it sends the error (a digest) for its error boundary.
      expect(await page.text()).toMatch(/E\{\\"digest\\":\\"\d+\\"\}/);
      const api = await fetch(`${server.origin}/api/starters/actions/resolve_key?key=QX7RZ4&deviceId=phone-${secret}`);
      expect(api.status).toBe(500);
      await api.text();
    } finally {
      await database.db.execute(sql`alter table starters_away rename to starters`);
    }
    await settle();
    const output = server.output();
    // Both failures were logged, with what failed ...
    expect(output.match(/relation \\?"starters\\?" does not exist/g)?.length).toBeGreaterThanOrEqual(2);
    // ... and none of the values they were run with: the event id (the page's queries), the key
    // (the lookup's), the search term and device id (of queries that did not get to fail first).
    for (const value of [eventId, "QX7RZ4", secret, organiserId]) expect(output).not.toContain(value);
    expect(output).not.toMatch(/params: [^[]/);
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("bodies over the limit on a real server", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
