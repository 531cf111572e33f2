import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries } from "@/db/schema";
import { createEvent } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { freePort } from "@/testing/cluster";
import { hasPostgres, SKIP_WITHOUT_POSTGRES } from "@/testing/database";
import { startTestServer } from "@/testing/server";
import { twoInstancesSharingPostgres } from "@/testing/two-instances";
import { startWebhookReceiver, type WebhookReceiver } from "@/testing/webhook-receiver";

const ENV = {
  REDIS_URL: "",
  TRUST_PROXY: "false",
  SEED_DEMO: "never",
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true",
  WEBHOOKS_POLL_MS: "200",
  WEBHOOKS_RETRY_BASE_MS: "200",
  WEBHOOKS_RETRY_MAX_DELAY_MS: "1000",
  WEBHOOKS_TIMEOUT_MS: "3000",
};

/**
 * Delivery across processes: two `next start` instances of the production build share one
 * PostgreSQL database and both run the delivery worker; a real receiver verifies every signature.
 */
describe.skipIf(!hasPostgres())("webhooks delivered by two server instances sharing one PostgreSQL", () => {
  const shared = twoInstancesSharingPostgres(ENV);
  let receiver: WebhookReceiver;
  let eventId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    ({ id: eventId } = await createEvent(shared.database.db, shared.organiserId, { name: "Two Instance Webhooks" }));
    const created = await fetch(`${shared.servers[0]!.origin}/api/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${shared.token}`, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, eventTypes: ["starter.key_redeemed", "keys.minted"] }),
    });
    expect(created.status).toBe(201);
    receiver.secret = ((await created.json()) as { secret: string }).secret;
  });
  afterAll(async () => receiver?.close());

  /** The outbox's totals once `delivered` reaches `expected` (a worker records a success after the receiver has it). */
  const deliveredTotals = async (expected: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [totals] = await shared.database.db
        .select({
          delivered: sql<number>`count(*) filter (where status = 'delivered')::int`,
          attempts: sql<number>`sum(attempts)::int`,
        })
        .from(webhookDeliveries);
      if (totals!.delivered >= expected || Date.now() > deadline) return totals!;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const redeemAll = async (keys: string[], device: string) => {
    for (let i = 0; i < keys.length; i += 50) {
      const statuses = await Promise.all(
        keys.slice(i, i + 50).map((key, j) =>
          fetch(`${shared.servers[(i + j) % shared.servers.length]!.origin}/api/starters/actions/redeem_key`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ key, deviceId: `${device}-${i + j}` }),
          }).then((r) => r.status),
        ),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
  };

  it("1,000 redeems: 1,000 signed webhooks, none attempted twice at once, none lost", async () => {
    const minted = await mintStarterKeys(shared.database.db, { organiserId: shared.organiserId, eventId, count: 1000 });
    const keys = minted.starters.map((s) => s.key!);
    await receiver.waitFor(1, 20_000); // keys.minted
    await redeemAll(keys, "phone");
    const redeemedAt = Date.now();
    await receiver.waitFor(1001, 300_000);
    console.log(`1,000 redeem webhooks received ${Date.now() - redeemedAt} ms after the last redeem answered`);
    const redeemed = receiver.received.filter((r) => r.type === "starter.key_redeemed");
    expect(new Set(redeemed.map((r) => r.payload.data.starterId))).toEqual(new Set(minted.starters.map((s) => s.id)));
    expect(new Set(redeemed.map((r) => r.id)).size).toBe(1000);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // At least once: an attempt cut by its time limit on a loaded machine is sent again (same id),
    // but never while another attempt of it is open.
    expect(receiver.overlaps).toBe(0);
    const totals = await deliveredTotals(1001);
    expect(totals.delivered).toBe(1001);
    expect(totals.attempts).toBeGreaterThanOrEqual(receiver.received.length);
    console.log(`${totals.attempts} attempts for 1,001 messages`);
  }, 400_000);

  it("a receiver down for a while gets everything once it is back", async () => {
    receiver.received.length = 0;
    await receiver.close();
    const minted = await mintStarterKeys(shared.database.db, { organiserId: shared.organiserId, eventId, count: 20 });
    await redeemAll(
      minted.starters.map((s) => s.key!),
      "down",
    );
    await new Promise((resolve) => setTimeout(resolve, 3000)); // several failed attempts each
    const failing = await shared.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, "pending"));
    expect(failing.length).toBe(21);
    expect(Math.max(...failing.map((r) => r.attempts))).toBeGreaterThan(1);
    await receiver.reopen();
    await receiver.waitFor(21, 30_000);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.overlaps).toBe(0);
  }, 120_000);

  it("a server killed mid-delivery loses nothing: the message is retried with the same webhook-id", async () => {
    receiver.received.length = 0;
    receiver.answer = "hang";
    const [key] = (await mintStarterKeys(shared.database.db, { organiserId: shared.organiserId, eventId, count: 1 }))
      .starters;
    // Only keys.minted is due; both instances die while its attempt hangs.
    await receiver.waitFor(1, 20_000);
    const first = receiver.received[0]!;
    await Promise.all(shared.servers.map((server) => server.stop("SIGKILL")));
    receiver.answer = 200;
    shared.servers = [await startTestServer(await freePort(), { ...ENV, DATABASE_URL: shared.database.url! })];
    await redeemAll([key!.key!], "after");
    await receiver.waitFor(2, 30_000);
    // The redeem's message goes out at once; the hung one once its claim's lease has ended.
    const deadline = Date.now() + 30_000;
    while (receiver.received.filter((r) => r.id === first.id).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const again = receiver.received.filter((r) => r.id === first.id);
    expect(again.length).toBeGreaterThanOrEqual(2);
    expect(again.every((r) => r.verified)).toBe(true);
    // The worker records the success once the receiver has answered.
    const message = () =>
      shared.database.db
        .select()
        .from(webhookDeliveries)
        .where(sql`'msg_' || replace(${webhookDeliveries.id}::text, '-', '') = ${first.id}`);
    await expect
      .poll(async () => (await message())[0], { timeout: 30_000 })
      .toMatchObject({
        status: "delivered",
        attempts: 2,
      });
  });
});
if (!hasPostgres())
  describe("webhooks delivered by two server instances", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
