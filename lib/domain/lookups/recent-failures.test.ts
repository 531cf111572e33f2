import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "@/lib/platform/config";
import { hasPostgres, openTestDatabase, type TestDatabase } from "@/testing/database";
import type { LimiterStore } from "@/lib/platform/ratelimit/failure-limiter";
import { createRecentFailures, MAX_FAILURES_PER_ADDRESS } from "./recent-failures";

type StoreKind = LimiterStore["kind"];
// PostgreSQL and Redis run where TEST_DATABASE_URL and TEST_REDIS_URL are set (CI sets both).
const stores: StoreKind[] = [
  "memory",
  ...(hasPostgres() ? (["postgres"] as const) : []),
  ...(testRedisUrl() ? (["redis"] as const) : []),
];

describe.each(stores)("recent failed lookups on %s", (kind) => {
  let database: TestDatabase | undefined;
  const redisClients: Redis[] = [];
  let store: LimiterStore;
  beforeAll(async () => {
    if (kind === "postgres") database = await openTestDatabase("postgres");
    if (kind === "redis") {
      const client = new Redis(testRedisUrl()!);
      redisClients.push(client);
      await client.ping();
    }
    store =
      kind === "memory"
        ? { kind }
        : kind === "postgres"
          ? { kind, db: database!.db }
          : { kind, client: redisClients[0]! };
  });
  afterAll(async () => {
    await Promise.all(redisClients.map((client) => client.quit()));
    await database?.close();
  });
  // Redis outlives the test: every test keeps its failures under an address of its own.
  const uniqueAddress = () => `198.51.100.${randomBytes(4).toString("hex")}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("takes the address's failures whose text is given, each once, and no other address's", async () => {
    const failures = createRecentFailures(store, "test-failures");
    const [venue, elsewhere] = [uniqueAddress(), uniqueAddress()];
    for (const typed of ["K84N2", "K84N2", "K84N2X", "ZZZZZZ"]) await failures.record(venue, typed, 60_000);
    await failures.record(elsewhere, "K84N2", 60_000);
    expect(await failures.take(venue, new Set(["K84N2", "K84N2X", "K84N2S"]))).toBe(3);
    expect(await failures.take(venue, new Set(["K84N2", "K84N2X"]))).toBe(0);
    expect(await failures.take(venue, new Set(["ZZZZZZ"]))).toBe(1);
    expect(await failures.take(elsewhere, new Set(["K84N2"]))).toBe(1);
  });

  it("forgets a failure when its life ends", async () => {
    const failures = createRecentFailures(store, "test-failures");
    const address = uniqueAddress();
    await failures.record(address, "SHORT1", 200);
    await failures.record(address, "LONG11", 60_000);
    await sleep(300);
    expect(await failures.take(address, new Set(["SHORT1", "LONG11"]))).toBe(1);
  });

  it(`keeps at most ${MAX_FAILURES_PER_ADDRESS} per address where it can cap cheaply`, async () => {
    const failures = createRecentFailures(store, "test-failures");
    const address = uniqueAddress();
    await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_ADDRESS + 20 }, () => failures.record(address, "AAAAAA", 60_000)),
    );
    // PostgreSQL keeps every row it is given: there the limiter bounds what is recorded.
    expect(await failures.take(address, new Set(["AAAAAA"]))).toBe(
      kind === "postgres" ? MAX_FAILURES_PER_ADDRESS + 20 : MAX_FAILURES_PER_ADDRESS,
    );
  });

  // Skipped for memory: it lives inside one process, so there are no instances to race.
  it.runIf(kind !== "memory")("instances taking at the same time take each failure once", async () => {
    const address = uniqueAddress();
    const recorder = createRecentFailures(store, "test-failures");
    for (let i = 0; i < 20; i++) await recorder.record(address, "K84N2", 60_000);
    const instances = await Promise.all(
      Array.from({ length: 4 }, async () => {
        if (kind === "postgres") return createRecentFailures(store, "test-failures");
        const client = new Redis(testRedisUrl()!);
        redisClients.push(client);
        await client.ping();
        return createRecentFailures({ kind: "redis", client }, "test-failures");
      }),
    );
    const taken = await Promise.all(
      Array.from({ length: 40 }, (_, i) => instances[i % instances.length]!.take(address, new Set(["K84N2"]))),
    );
    expect(taken.reduce((sum, n) => sum + n, 0)).toBe(20);
  });
});

describe("recent failed lookups while Redis is unreachable", () => {
  it("keep and forgive nothing instead of failing", async () => {
    const client = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const failures = createRecentFailures({ kind: "redis", client }, "unreachable");
    await failures.record("192.0.2.1", "K84N2", 60_000);
    expect(await failures.take("192.0.2.1", new Set(["K84N2"]))).toBe(0);
    client.disconnect();
  });
});
