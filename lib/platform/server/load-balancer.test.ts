import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { createEvent } from "@/lib/domain/events/events";
import { randomCodes } from "@/lib/domain/keys/code";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { freePort } from "@/testing/cluster";
import { newOrganiser } from "@/testing/client";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { clientFrom, uniqueLoopbackAddress } from "@/testing/from-address";
import { metricSamples } from "@/testing/metrics";
import { hasNginx, REFERENCE_CONFIG, SKIP_WITHOUT_NGINX, startNginx, type Nginx } from "@/testing/nginx";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/testing/server";
import { startTcpProxy, type TcpProxy } from "@/testing/tcp-proxy";

/**
 * Three standalone instances behind nginx from the distribution, running deploy/nginx.conf (the
 * reference deployment of docs/operations.md) with only the addresses substituted, TRUST_PROXY on:
 * client addresses reach the limiter (a client's X-Forwarded-For is replaced by nginx's), an instance
 * whose database is away leaves the rotation and comes back, and a rolling restart under steady load
 * loses no request.
 */
// Skipped without TEST_DATABASE_URL or nginx (.ci/run provides both).
const SKIP = !hasPostgres() ? SKIP_WITHOUT_POSTGRES : !hasNginx() ? SKIP_WITHOUT_NGINX : "";
const METRICS_TOKEN = "load-balancer-metrics-0123456789";
const REDEEM = "/api/starters/actions/redeem_key";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(Boolean(SKIP))("three instances behind nginx", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let nginx: Nginx;
  const ports: number[] = [];
  const envs: Array<Record<string, string>> = [];
  const servers: TestServer[] = [];
  let keys: string[];
  let nextKey = 0;
  const freshKey = () => {
    if (nextKey === keys.length) throw new Error("out of keys");
    return keys[nextKey++]!;
  };
  let loadRunning = false;
  /** Set by afterAll: a test that timed out must not leave a restarted instance behind. */
  let closing = false;
  /** Keys bound to devices whose id starts with `prefix` (each device redeems its own key). */
  const boundTo = async (prefix: string) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from starters where device_id = ${prefix} || key`,
      )
    )[0]!.n;

  const start = (i: number) => startTestServer(ports[i]!, envs[i]!, { standalone: true });
  /** The count of requests an instance answered on `route` with `status` (its own /metrics). */
  const served = async (i: number, route: string, status: number, method = "GET") => {
    const response = await fetch(`${servers[i]!.origin}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const sample = `racekeys_http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`;
    return metricSamples(await response.text()).get(sample) ?? 0;
  };
  const landing = (key: string) => fetch(`${nginx.origin}/redeem_key?key=${key}`);
  const qr = (key: string) => fetch(`${nginx.origin}/api/starters/actions/generate_key_qrcode?key=${key}`);
  const redeem = (key: string, deviceId: string) =>
    fetch(`${nginx.origin}${REDEEM}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, deviceId }),
    });
  /** Status and, for redeems, the kind of answer; the body is always read. */
  const outcome = async (response: Promise<Response>): Promise<string> => {
    try {
      const answer = await response;
      const body = await answer.text();
      const kind = answer.headers.get("content-type")?.includes("json")
        ? (JSON.parse(body) as { kind?: string }).kind
        : "";
      return `${answer.status}${kind ? ` ${kind}` : ""}`;
    } catch (error) {
      return `failed: ${String(error)}`;
    }
  };

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    const target = new URL(database.url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(database.url!);
    viaProxy.port = String(proxy.port);
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    nginx = await startNginx(ports.map((port) => `http://127.0.0.1:${port}`));
    for (let i = 0; i < 3; i++) {
      envs.push({
        // The third instance reaches the database through a proxy the test can cut.
        DATABASE_URL: i === 2 ? viaProxy.toString() : database.url!,
        DATABASE_POOL_SIZE: "5",
        REDIS_URL: "",
        SEED_DEMO: "never",
        TRUST_PROXY: "true",
        PUBLIC_URL: nginx.origin,
        METRICS_TOKEN,
        LOG_LEVEL: "error",
        // Small enough to reach: the sixth failed lookup from one address is refused.
        LOOKUP_FAILURES_PER_ADDRESS: "5/600",
      });
    }
    // Together: the migrations run once, under their lock.
    servers.push(...(await Promise.all([0, 1, 2].map(start))));
    const owner = await newOrganiser(database.db);
    const event = await createEvent(database.db, owner.organiser.id, { name: "Balanced Run" });
    const minted = await mintStarterKeys(database.db, {
      organiserId: owner.organiser.id,
      eventId: event.id,
      count: 3000,
    });
    keys = minted.starters.map((starter) => starter.key!);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    closing = true;
    loadRunning = false;
    await Promise.all(servers.map((server) => server.stop()));
    await nginx?.stop();
    await proxy?.close();
    await database?.close();
  });

  it("runs the reference configuration with only the addresses substituted, shown as it is in the docs", () => {
    expect(readFileSync("docs/operations.md", "utf8")).toContain(readFileSync(REFERENCE_CONFIG, "utf8").trimEnd());
    expect(nginx.config).toContain("proxy_set_header X-Forwarded-For $remote_addr;");
    for (const port of ports) expect(nginx.config).toContain(`server 127.0.0.1:${port} max_fails=1 fail_timeout=3s;`);
    expect(nginx.config).not.toContain("app1:3000");
  });

  it("counts failed lookups by the client's address as nginx saw it, never by a spoofed X-Forwarded-For", async () => {
    const guesser = clientFrom(uniqueLoopbackAddress());
    const neighbour = clientFrom(uniqueLoopbackAddress());
    try {
      const statuses: number[] = [];
      for (const [i, code] of randomCodes(7).entries()) {
        // Each guess claims another address; nginx replaces the header with the guesser's own.
        const spoofed = { "x-forwarded-for": `198.51.100.${i + 1}` };
        statuses.push((await guesser.request(`${nginx.origin}/redeem_key?key=${code}`, { headers: spoofed })).status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
      // Another client behind the same nginx (all requests reach the instances from 127.0.0.1) is
      // counted on its own: the address comes from nginx's header, not from the socket.
      const [code] = randomCodes(1);
      expect((await neighbour.request(`${nginx.origin}/redeem_key?key=${code}`)).status).toBe(404);
      expect((await neighbour.request(`${nginx.origin}/redeem_key?key=${freshKey()}`)).status).toBe(200);
    } finally {
      guesser.close();
      neighbour.close();
    }
  });

  it("takes an instance out of rotation while its database is away, and back when it returns", async () => {
    await proxy.cut();
    try {
      // Its readiness says so within the readiness check's 2 s.
      const ready = await fetch(`${servers[2]!.origin}/api/ready`);
      expect(ready.status).toBe(503);
      const before = await served(2, "/redeem_key", 503);
      const answers: string[] = [];
      const started = Date.now();
      // At least 6 s (two fail_timeouts) and 8 rounds.
      for (let round = 0; round < 8 || Date.now() - started < 6000; round++) {
        const key = freshKey();
        answers.push(
          ...(await Promise.all([
            outcome(landing(key)),
            outcome(redeem(key, `away-${key}`)),
            outcome(qr(key)),
            outcome(landing(freshKey())),
          ])),
        );
        await sleep(50);
      }
      // Every answer came from the two instances with a database: nginx retried the answers of the
      // third one on them (a 503 of a redeem too, which is safe to repeat).
      expect(answers.filter((a) => !a.startsWith("200"))).toEqual([]);
      expect(await boundTo("away-")).toBe(answers.length / 4);
      // The third instance was tried about once per fail_timeout (3 s), not for a third of the traffic.
      const seconds = (Date.now() - started) / 1000;
      expect((await served(2, "/redeem_key", 503)) - before).toBeLessThanOrEqual(2 + seconds / 3);
    } finally {
      await proxy.restore();
    }
    for (let i = 0; ; i++) {
      if ((await fetch(`${servers[2]!.origin}/api/ready`)).status === 200) break;
      if (i > 120) throw new Error("the third instance did not become ready again");
      await sleep(250);
    }
    await sleep(3500); // past fail_timeout: nginx tries it again
    const before = await served(2, "/redeem_key", 200);
    for (let i = 0; i < 30; i++) expect((await landing(freshKey())).status).toBe(200);
    expect((await served(2, "/redeem_key", 200)) - before).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it("loses no request of steady load while the instances restart one at a time (SIGTERM)", async () => {
    const answers: Array<Promise<string>> = [];
    loadRunning = true;
    // 40 requests a second at a fixed rate: 40% landing pages, 40% QR images, 20% redeems.
    const load = (async () => {
      const started = Date.now();
      for (let i = 0; loadRunning; i++) {
        await sleep(started + i * 25 - Date.now());
        // Landing pages and QR images of any key; a redeem of a key of its own.
        const kind = i % 5;
        const key = kind < 4 ? keys[i % keys.length]! : freshKey();
        answers.push(outcome(kind < 2 ? landing(key) : kind < 4 ? qr(key) : redeem(key, `rolling-${key}`)));
      }
    })();
    const exits: Array<number | string> = [];
    try {
      await sleep(1000);
      for (let i = 0; i < 3; i++) {
        exits.push(await servers[i]!.stop("SIGTERM"));
        servers[i] = await start(i);
        if (closing) await servers[i]!.stop();
        await sleep(1000);
      }
    } finally {
      loadRunning = false;
      await load;
    }
    const results = await Promise.all(answers);
    expect(exits).toEqual([143, 143, 143]);
    expect(results.length).toBeGreaterThan(300);
    expect(results.filter((a) => !a.startsWith("200"))).toEqual([]);
    // Every redeem bound its key to its device (one repeated by nginx elsewhere is a repeat).
    expect(await boundTo("rolling-")).toBe(results.filter((a) => a === "200 key").length);
    expect(results.filter((a) => a === "200 key").length).toBe(Math.floor(results.length / 5));
  }, 600_000);
});
