import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { newOrganiser } from "@/testing/client";
import { hasPostgres, openTestDatabase, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTwoTestServers, type TestServer } from "@/testing/server";

/**
 * Key at checkout across processes: two `next start` instances of the production build share one
 * PostgreSQL database; the checkouts alternate between them.
 */
describe.skipIf(!hasPostgres())("key at checkout on two server instances sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let organiserId: string;
  let token: string;

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    servers = await startTwoTestServers({
      DATABASE_URL: database.url!,
      REDIS_URL: "",
      TRUST_PROXY: "false",
      SEED_DEMO: "never",
    });
    ({
      organiser: { id: organiserId },
      token,
    } = await newOrganiser(database.db));
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.close();
  });

  it("50 buyers, 5 retries each, at once: 50 starters, 50 distinct keys, each buyer always the same", async () => {
    const event = await createEvent(database.db, organiserId, { name: "Two Instance Checkout" });
    await mintStarterKeys(database.db, { organiserId, eventId: event.id, count: 25 });
    const responses = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        fetch(`${servers[i % 2]!.origin}/api/events/${event.id}/starters`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ importId: `buyer-${i % 50}`, name: `Buyer ${i % 50}` }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    const keyOf = new Map<string, Set<string>>();
    for (const body of (await Promise.all(responses.map((r) => r.json()))) as Array<{
      importId: string;
      key: string;
    }>) {
      keyOf.set(body.importId, (keyOf.get(body.importId) ?? new Set()).add(body.key));
    }
    expect(keyOf.size).toBe(50);
    expect([...keyOf.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(new Set([...keyOf.values()].flatMap((keys) => [...keys])).size).toBe(50);
    const saved = await database.db
      .select({ importId: starters.importId, key: starters.key })
      .from(starters)
      .where(and(eq(starters.eventId, event.id), isNotNull(starters.importId)));
    expect(saved).toHaveLength(50);
    expect(new Map(saved.map((s) => [s.importId!, new Set([s.key!])]))).toEqual(keyOf);
  });
});
