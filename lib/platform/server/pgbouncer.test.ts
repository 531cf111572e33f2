import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { createOrganiser } from "@/lib/domain/auth/organisers";
import { freePort } from "@/testing/cluster";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { hasPgBouncer, SKIP_WITHOUT_PGBOUNCER, startPgBouncer, type Bouncer } from "@/testing/pgbouncer";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/testing/server";

/**
 * The production server behind PgBouncer in transaction mode: prepared statements off
 * (DATABASE_PREPARE=false), migrations over a direct connection (DATABASE_DIRECT_URL), and every
 * kind of statement the app runs: transactions, streaming export, conditional updates.
 */
// Skipped without TEST_DATABASE_URL or the pgbouncer binary (.ci/run provides both): the point is a
// real PgBouncer in front of a real PostgreSQL server.
describe.skipIf(!hasPostgres() || !hasPgBouncer())("behind PgBouncer in transaction mode", () => {
  let database: TestDatabase;
  let bouncer: Bouncer;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    bouncer = await startPgBouncer(database.url!);
    server = await startTestServer(await freePort(), {
      DATABASE_URL: bouncer.url,
      DATABASE_DIRECT_URL: database.url!,
      DATABASE_PREPARE: "false",
      DATABASE_POOL_SIZE: "20",
      SEED_DEMO: "never",
    });
    const organiser = await createOrganiser(database.db, { email: "bouncer@example.com" });
    ({ token } = await createApiToken(database.db, organiser.id));
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    await bouncer?.stop();
    await database?.close();
  });

  it("creates, mints, replays, exports, resolves and redeems", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${server.origin}/api/events`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "Bouncer Run" }),
    });
    expect(created.status).toBe(201);
    const event = (await created.json()) as { id: string; passcode: string };
    const mintUrl = `${server.origin}/api/events/${event.id}/actions/generate_starter_keys?count=3000`;
    const minted = await Promise.all([1, 2, 3].map(() => fetch(mintUrl, { method: "POST", headers: auth })));
    expect(minted.map((r) => r.status)).toEqual([201, 201, 201]);
    const keys = (await Promise.all(minted.map((r) => r.json() as Promise<Array<{ key: string }>>)))
      .flat()
      .map((k) => k.key);
    expect(new Set(keys).size).toBe(9000);
    const replays = await Promise.all(
      [1, 2].map(() =>
        fetch(mintUrl.replace("3000", "5"), { method: "POST", headers: { ...auth, "idempotency-key": "b-1" } }),
      ),
    );
    expect(replays.map((r) => r.status).sort()).toEqual([200, 201]);

    const csv = await (
      await fetch(`${server.origin}/api/events/${event.id}/starter_keys?format=csv`, { headers: auth })
    ).text();
    expect(csv.trimEnd().split("\r\n")).toHaveLength(9006);

    const resolved = await fetch(`${server.origin}/api/starters/actions/resolve_key?key=${keys[0]}`);
    expect(resolved.status).toBe(200);
    const redeems = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${server.origin}/api/starters/actions/redeem_key`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ key: keys[1], deviceId: `device-${i}` }),
        }),
      ),
    );
    expect(redeems.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without either, one skipped placeholder says which is missing.
if (!hasPostgres()) describe("behind PgBouncer", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
else if (!hasPgBouncer()) describe("behind PgBouncer", () => it.skip(SKIP_WITHOUT_PGBOUNCER, () => {}));
