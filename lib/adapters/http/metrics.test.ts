import { afterAll, beforeAll, describe, expect, it } from "vitest";
import journal from "@/db/migrations/meta/_journal.json";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { freePort } from "@/testing/cluster";
import { newOrganiser } from "@/testing/client";
import { metricSamples as samples } from "@/testing/metrics";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/testing/server";

/**
 * GET /metrics of a real `next start`: scraped before and after known traffic, the counters moved by
 * exactly that traffic; off (404) without METRICS_TOKEN, 401 without the token; METRICS_PORT's listener.
 */

const TOKEN = "metrics-token-0123456789";

describe.skipIf(!hasPostgres())("metrics on a real server", () => {
  let database: TestDatabase;
  let server: TestServer;
  let offServer: TestServer;
  let metricsPort: number;
  let keys: string[];

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    metricsPort = await freePort();
    const env = { DATABASE_URL: database.url!, REDIS_URL: "", SEED_DEMO: "never", TRUST_PROXY: "false" };
    server = await startTestServer(await freePort(), {
      ...env,
      METRICS_TOKEN: TOKEN,
      METRICS_PORT: String(metricsPort),
      // Small enough to reach in a test: the third unknown key from one device is refused.
      LOOKUP_FAILURES_PER_DEVICE: "2/600",
    });
    offServer = await startTestServer(await freePort(), env);
    const owner = await newOrganiser(database.db);
    const event = await createEvent(database.db, owner.organiser.id, { name: "Metrics Run" });
    const minted = await mintStarterKeys(database.db, { organiserId: owner.organiser.id, eventId: event.id, count: 2 });
    keys = minted.starters.map((starter) => starter.key!);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
    await offServer?.stop();
    await database?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  const redeem = async (key: string, deviceId: string) => {
    const response = await fetch(`${server.origin}/api/starters/actions/redeem_key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, deviceId, name: "Ada Lovelace" }),
    });
    await response.arrayBuffer();
    return response.status;
  };

  it("counts requests, redeem outcomes and limiter refusals by exactly the traffic sent", async () => {
    const before = samples(await scrape());

    for (let i = 0; i < 3; i++) expect((await fetch(`${server.origin}/api/health`)).status).toBe(200);
    expect(await redeem(keys[0]!, "phone-ada")).toBe(200); // bound
    expect(await redeem(keys[0]!, "phone-ada")).toBe(200); // repeat
    expect(await redeem(keys[0]!, "phone-bob")).toBe(409); // taken
    expect(await redeem("ZZZZZZ", "phone-guess")).toBe(404); // unknown
    expect(await redeem("ZZZZZY", "phone-guess")).toBe(404); // unknown: the device's second failure
    expect(await redeem("ZZZZZX", "phone-guess")).toBe(429); // limited: over 2 per device

    const afterText = await scrape();
    const after = samples(afterText);
    const moved = (sample: string) => (after.get(sample) ?? 0) - (before.get(sample) ?? 0);
    const requests = (route: string, status: number, method = "GET") =>
      moved(`racekeys_http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`);

    expect(requests("/api/health", 200)).toBe(3);
    const redeemRoute = "/api/starters/actions/redeem_key";
    expect(requests(redeemRoute, 200, "POST")).toBe(2);
    expect(requests(redeemRoute, 409, "POST")).toBe(1);
    expect(requests(redeemRoute, 404, "POST")).toBe(2);
    expect(requests(redeemRoute, 429, "POST")).toBe(1);
    // The scrape before this one is counted too, under its route.
    expect(requests("/metrics", 200)).toBe(1);
    // Every request of the histogram falls in the +Inf bucket.
    expect(
      moved(`racekeys_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/health",status="200"}`),
    ).toBe(3);

    for (const [outcome, count] of Object.entries({ bound: 1, repeat: 1, taken: 1, unknown: 2, limited: 1 })) {
      expect(moved(`racekeys_redeem_outcomes_total{outcome="${outcome}"}`), outcome).toBe(count);
    }
    expect(moved(`racekeys_limiter_refusals_total{limiter="lookup-device"}`)).toBe(1);
    expect(moved(`racekeys_limiter_refusals_total{limiter="lookup-address"}`)).toBe(0);

    expect(after.get("racekeys_migrations_applied")).toBe(journal.entries.length);
    expect(after.get("racekeys_db_pool_size")).toBe(20);
    expect([...after.keys()].some((name) => /^racekeys_build_info\{version="0\.1\.0",node="v\d+/.test(name))).toBe(
      true,
    );
    expect(after.has("process_resident_memory_bytes")).toBe(true);

    // Nothing the clients sent appears: no key, device or name.
    for (const secret of [keys[0]!, "ZZZZZZ", "phone-ada", "phone-guess", "Ada Lovelace", "127.0.0.1"]) {
      expect(afterText).not.toContain(secret);
    }
  });

  it("answers 401 in the one error shape without the token or with a wrong one", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${server.origin}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status, authorization).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("is a 404 when METRICS_TOKEN is not set", async () => {
    const response = await fetch(`${offServer.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "metrics are not enabled on this server" },
    });
  });

  it("serves the same metrics on METRICS_PORT, with the token", async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(samples(await response.text()).get("racekeys_migrations_applied")).toBe(journal.entries.length);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("metrics on a real server", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
