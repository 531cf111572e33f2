import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "@/lib/platform/config";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { consumeAll, createFailureLimiter, type LimiterStore } from "./failure-limiter";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SKIP_WITHOUT_REDIS = "needs a Redis server: set TEST_REDIS_URL (CI always does)";

type StoreKind = LimiterStore["kind"];
const stores: StoreKind[] = [
  "memory",
  ...(hasPostgres() ? (["postgres"] as const) : []),
  ...(testRedisUrl() ? (["redis"] as const) : []),
];

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

  it("allows failed attempts up to the limit, then refuses with the time left in the window", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 3, seconds: 600 }]);
    for (let i = 1; i <= 3; i++)
      expect(await limiter.consume("203.0.113.1")).toMatchObject({ allowed: true, retryAfterSeconds: 0 });
    const refused = await limiter.consume("203.0.113.1");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(await limiter.consume("203.0.113.2")).toMatchObject({ allowed: true, retryAfterSeconds: 0 });
  });

  it("admit counts nothing and refuses once a window is full", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 2, seconds: 600 }]);
    for (let i = 0; i < 5; i++) expect((await limiter.admit("s")).allowed).toBe(true);
    await limiter.consume("s");
    expect(await limiter.admit("s")).toMatchObject({ allowed: true, heldBefore: 1 });
    await limiter.consume("s");
    const refused = await limiter.admit("s");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
  });

  it("attempts that give their point back are never limited", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 1, seconds: 600 }]);
    for (let i = 0; i < 20; i++) {
      expect((await limiter.consume("subject")).allowed).toBe(true);
      await limiter.reward("subject");
    }
  });

  it("lets exactly the limit through a parallel burst; refused attempts keep no point", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [{ failures: 5, seconds: 600 }]);
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.consume("burst")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0)).toBe(true);
    // The five that got through succeed: their points come back and five more get through, no more.
    await Promise.all(Array.from({ length: 5 }, () => limiter.reward("burst")));
    const next = await Promise.all(Array.from({ length: 50 }, () => limiter.consume("burst")));
    expect(next.filter((d) => d.allowed)).toHaveLength(5);
  });

  it("tells the points held before the attempt and how long its point counts; gives several back at once", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [
      { failures: 5, seconds: 60 },
      { failures: 9, seconds: 600 },
    ]);
    expect(await limiter.consume("s")).toMatchObject({ allowed: true, heldBefore: 0 });
    await limiter.consume("s");
    const third = await limiter.consume("s");
    expect(third.heldBefore).toBe(2);
    expect(third.pointLifeMs).toBeGreaterThan(55_000);
    expect(third.pointLifeMs).toBeLessThanOrEqual(60_000);
    await limiter.reward("s", 2);
    expect((await limiter.consume("s")).heldBefore).toBe(1);
  });

  it("every window counts: the short one ends, the long one still refuses", async () => {
    const limiter = createFailureLimiter(await connect(), uniqueName(), [
      { failures: 2, seconds: 1 },
      { failures: 3, seconds: 600 },
    ]);
    await limiter.consume("s");
    await limiter.consume("s");
    expect(await limiter.consume("s")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await sleep(1100);
    expect((await limiter.consume("s")).allowed).toBe(true);
    const refused = await limiter.consume("s");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
  });

  // Skipped for the memory store: it lives inside one process, so there are no instances to share it.
  it.runIf(kind !== "memory")("instances sharing the store share the counters, also in a burst", async () => {
    const name = uniqueName();
    const windows = [{ failures: 4, seconds: 600 }];
    const [first, second] = [
      createFailureLimiter(await connect(), name, windows),
      createFailureLimiter(await connect(), name, windows),
    ];
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).consume("shared")),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4);
    expect((await first.consume("shared")).allowed).toBe(false);
    expect((await second.consume("shared")).allowed).toBe(false);
  });

  it.runIf(kind !== "memory")(
    "cleanForMs: a subject read clean is admitted without the store for that long, unless it failed here",
    async () => {
      const name = uniqueName();
      const windows = [{ failures: 2, seconds: 600 }];
      const options = { cleanForMs: 400 };
      const [first, second] = [
        createFailureLimiter(await connect(), name, windows, options),
        createFailureLimiter(await connect(), name, windows, options),
      ];
      expect(await first.admit("s")).toMatchObject({ allowed: true, heldBefore: 0 });
      // The other instance fills the window: this one admits from memory until its record ends…
      await second.consume("s");
      await second.consume("s");
      expect((await second.admit("s")).allowed).toBe(false);
      expect((await first.admit("s")).allowed).toBe(true);
      await sleep(450);
      // …then asks the store, and nothing is remembered of a refused subject.
      expect((await first.admit("s")).allowed).toBe(false);
      expect((await first.admit("s")).allowed).toBe(false);
      // A failure counted here forgets the subject at once.
      expect((await first.admit("t")).allowed).toBe(true);
      await first.consume("t");
      expect(await first.admit("t")).toMatchObject({ allowed: true, heldBefore: 1 });
      await first.consume("t");
      expect((await first.admit("t")).allowed).toBe(false);
      // Failures are always counted in the store: a clean record never lets one more through.
      expect((await second.admit("u")).allowed).toBe(true);
      await first.consume("u");
      await first.consume("u");
      expect((await first.consume("u")).allowed).toBe(false);
      expect((await second.consume("u")).allowed).toBe(false);
    },
  );

  it("consumeAll refuses when any subject is full and then keeps no point for the others", async () => {
    const store = await connect();
    const byAddress = createFailureLimiter(store, uniqueName(), [{ failures: 3, seconds: 600 }]);
    const byDevice = createFailureLimiter(store, uniqueName(), [{ failures: 1, seconds: 600 }]);
    expect(
      (
        await consumeAll([
          [byAddress, "a"],
          [byDevice, "d"],
        ])
      ).allowed,
    ).toBe(true);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await consumeAll([
            [byAddress, "a"],
            [byDevice, "d"],
          ])
        ).allowed,
      ).toBe(false);
    // The address holds the one point of the first attempt only: two more failures fit.
    expect((await byAddress.consume("a")).allowed).toBe(true);
    expect((await byAddress.consume("a")).allowed).toBe(true);
    expect((await byAddress.consume("a")).allowed).toBe(false);
    const attempt = await consumeAll([
      [byAddress, "b"],
      [byDevice, "e"],
    ]);
    await attempt.reward();
    expect((await byDevice.consume("e")).allowed).toBe(true);
  });
});

describe("failure limiter while Redis is unreachable", () => {
  it("falls back to counting in this process instead of failing", async () => {
    const client = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const limiter = createFailureLimiter({ kind: "redis", client }, "unreachable", [{ failures: 2, seconds: 600 }]);
    await limiter.consume("s");
    await limiter.consume("s");
    expect((await limiter.consume("s")).allowed).toBe(false);
    client.disconnect();
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without TEST_DATABASE_URL or TEST_REDIS_URL (CI sets both), a skipped placeholder says which store went untested.
if (!hasPostgres()) describe("failure limiter on postgres", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
if (!testRedisUrl()) describe("failure limiter on redis", () => it.skip(SKIP_WITHOUT_REDIS, () => {}));
