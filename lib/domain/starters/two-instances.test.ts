import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { hasPostgres, SKIP_WITHOUT_POSTGRES } from "@/testing/database";
import { twoInstancesSharingPostgres } from "@/testing/two-instances";

/**
 * Key at checkout across processes: two `next start` instances of the production build share one
 * PostgreSQL database; the checkouts alternate between them.
 */
describe.skipIf(!hasPostgres())("key at checkout on two server instances sharing one PostgreSQL", () => {
  const shared = twoInstancesSharingPostgres();

  it("50 buyers, 5 retries each, at once: 50 starters, 50 distinct keys, each buyer always the same", async () => {
    const event = await createEvent(shared.database.db, shared.organiserId, { name: "Two Instance Checkout" });
    await mintStarterKeys(shared.database.db, { organiserId: shared.organiserId, eventId: event.id, count: 25 });
    const responses = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        fetch(`${shared.servers[i % 2]!.origin}/api/events/${event.id}/starters`, {
          method: "POST",
          headers: { authorization: `Bearer ${shared.token}`, "content-type": "application/json" },
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
    const saved = await shared.database.db
      .select({ importId: starters.importId, key: starters.key })
      .from(starters)
      .where(and(eq(starters.eventId, event.id), isNotNull(starters.importId)));
    expect(saved).toHaveLength(50);
    expect(new Map(saved.map((s) => [s.importId!, new Set([s.key!])]))).toEqual(keyOf);
  });
});
if (!hasPostgres()) describe("key at checkout on two server instances", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
