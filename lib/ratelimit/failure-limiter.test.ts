import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "@/lib/config";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/lib/testing/database";
import { createFailureLimiter, type LimiterStore } from "./failure-limiter";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SKIP_WITHOUT_REDIS = "needs a Redis server: set TEST_REDIS_URL (CI always does)";

type StoreKind = LimiterStore["kind"];
const stores: StoreKind[] = ["memory", ...(hasPostgres() ? (["postgres"] as const) : []), ...(testRedisUrl() ? (["redis"] as const) : [])];

describe.each(stores)("failure limiter on %s", (kind) => {
  let database: TestDatabase | undefined;
  const redisClients: Redis[] = [];
  /** A new connection to the store each call: two of them stand for two server instances. */
  let connect: () => Promise<LimiterStore>;
  beforeAll(async () => {
    if (kind === "postgres") database = await openTestDatabase("postgres");
    connect = async () => {
      if (kind === "memory") return { kind };
      if (kind === "postgres") return { kind, db: database!.db };
      const client = new Redis(testRedisUrl()!);
      redisClients.push(client);
      await client.ping(); // until it is ready, the limiter counts in memory (its insurance)
      return { kind, client };
    };
  });
  afterAll(async () => {
    await Promise.all(redisClients.map((client) => client.quit()));
    await database?.close();
  });
  // Redis outlives the test: every test counts under names of its own.
  const uniqueName = () => `test-${randomBytes(4).toString("hex")}`;

  it("allows failures up to the limit, then refuses with the time left in the window", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 3, seconds: 600 }]);
    for (let i = 1; i <= 3; i++) {
      expect(await limiter.check("203.0.113.1")).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await limiter.consumeFailedLookup("203.0.113.1")).toEqual({ allowed: true, retryAfterSeconds: 0 });
    }
    const refused = await limiter.check("203.0.113.1");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(await limiter.check("203.0.113.2")).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it("checking counts nothing", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 1, seconds: 600 }]);
    for (let i = 0; i < 20; i++) expect((await limiter.check("subject")).allowed).toBe(true);
  });

  it("refuses the failure that goes over the limit (attempts that passed the check together)", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 5, seconds: 600 }]);
    const decisions = await Promise.all(Array.from({ length: 8 }, () => limiter.consumeFailedLookup("burst")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0)).toBe(true);
  });

  it("every window counts: the short one ends, the long one still refuses", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [
      { failures: 2, seconds: 1 },
      { failures: 3, seconds: 600 },
    ]);
    await limiter.consumeFailedLookup("s");
    await limiter.consumeFailedLookup("s");
    expect(await limiter.check("s")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await sleep(1100);
    expect((await limiter.check("s")).allowed).toBe(true);
    await limiter.consumeFailedLookup("s");
    const refused = await limiter.check("s");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
  });

  // Skipped for the memory store: it lives inside one process, so there are no instances to share it.
  it.runIf(kind !== "memory")("instances sharing the store share the counters", async () => {
    const name = uniqueName();
    const windows = [{ failures: 4, seconds: 600 }];
    const [first, second] = [createFailureLimiter(await connect(), name, windows), createFailureLimiter(await connect(), name, windows)];
    await Promise.all([first.consumeFailedLookup("shared"), second.consumeFailedLookup("shared"), first.consumeFailedLookup("shared")]);
    expect((await second.check("shared")).allowed).toBe(true);
    await second.consumeFailedLookup("shared");
    expect((await first.check("shared")).allowed).toBe(false);
    expect((await second.check("shared")).allowed).toBe(false);
  });

  // Skipped for the memory store: failures seen by another instance cannot reach it.
  it.runIf(kind !== "memory")("an instance trusts a clean check for a second; its own failures end the trust", async () => {
    const name = uniqueName();
    const windows = [{ failures: 2, seconds: 600 }];
    const [first, second] = [createFailureLimiter(await connect(), name, windows), createFailureLimiter(await connect(), name, windows)];
    expect((await first.check("trusted")).allowed).toBe(true);
    await second.consumeFailedLookup("trusted");
    await second.consumeFailedLookup("trusted");
    expect((await second.check("trusted")).allowed).toBe(false);
    expect((await first.check("trusted")).allowed).toBe(true); // within its second of trust
    await sleep(1100);
    expect((await first.check("trusted")).allowed).toBe(false);

    expect((await first.check("own")).allowed).toBe(true);
    await first.consumeFailedLookup("own");
    await second.consumeFailedLookup("own");
    expect((await first.check("own")).allowed).toBe(false); // its own failure dropped the trust
  });
});

describe("failure limiter while Redis is unreachable", () => {
  it("falls back to counting in this process instead of failing", async () => {
    const client = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const limiter = createFailureLimiter({ kind: "redis", client }, "unreachable", [{ failures: 2, seconds: 600 }]);
    await limiter.consumeFailedLookup("s");
    await limiter.consumeFailedLookup("s");
    expect((await limiter.check("s")).allowed).toBe(false);
    client.disconnect();
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without TEST_DATABASE_URL or TEST_REDIS_URL (CI sets both), a skipped placeholder says which store went untested.
if (!hasPostgres()) describe("failure limiter on postgres", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
if (!testRedisUrl()) describe("failure limiter on redis", () => it.skip(SKIP_WITHOUT_REDIS, () => {}));
