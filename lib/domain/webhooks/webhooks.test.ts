import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { startWebhookReceiver, type WebhookReceiver } from "@/testing/webhook-receiver";
import { createWebhook, redeliver, rotateWebhookSecret, sendTestEvent } from "./endpoints";
import { messageId, WEBHOOK_EVENT_TYPES } from "./schemas";
import { claimDue, deliverDue, recordAttempt, type DeliverySettings } from "./worker";

const settings: DeliverySettings = {
  timeoutMs: 2000,
  allowPrivateTargets: true,
  retryBaseMs: 1,
  retryMaxDelayMs: 1,
  retryHours: 27,
  disableAfterHours: 72,
};
const client = { [SOCKET_ADDRESS_HEADER]: "198.51.100.77" };
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDrivers())("webhooks on %s", (driver) => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let token: string;
  let organiserId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({
      token,
      organiser: { id: organiserId },
    } = await newOrganiser(database.db));
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.close();
  });
  afterEach(async () => {
    receiver.received.length = 0;
    receiver.answer = 200;
    await database.db.delete(webhookEndpoints);
  });

  const newEvent = (name: string) =>
    json<{ id: string; passcode: string }>(apiRequest("POST", "/api/events", { token, json: { name } }));
  const mint = (eventId: string, count: number) =>
    json<Array<{ id: string; key: string }>>(
      apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=${count}`, { token }),
    );
  const endpoint = async (eventTypes = [...WEBHOOK_EVENT_TYPES], eventIds?: string[]) => {
    const row = await createWebhook(database.db, organiserId, { url: receiver.url, eventTypes, eventIds }, true);
    receiver.secret = row.secret;
    return row;
  };

  it("delivers every event type, signed to Standard Webhooks, with ids and changed fields but no key or passcode", async () => {
    const event = await newEvent("Webhook Every Type Run");
    await endpoint();
    const keys = await mint(event.id, 2);
    const starter = keys[0]!;
    const redeemed = await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: starter.key, deviceId: "phone-1", name: "Ada" },
      headers: client,
    });
    expect(redeemed.status).toBe(200);
    await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: event.passcode, deviceId: "phone-2" },
      headers: client,
    });
    expect((await apiRequest("POST", `/api/starters/${starter.id}/actions/release_key`, { token })).status).toBe(200);
    expect(
      (await apiRequest("PATCH", `/api/starters/${starter.id}`, { token, json: { startNumber: "07" } })).status,
    ).toBe(200);
    expect(
      (
        await apiRequest("PUT", `/api/events/${event.id}/starters`, {
          token,
          json: [{ importId: "reg-1", name: "Bea" }],
        })
      ).status,
    ).toBe(200);
    expect(
      (await apiRequest("POST", `/api/events/${event.id}/starters`, { token, json: { importId: "reg-2" } })).status,
    ).toBe(201);
    const renewed = await json<{ passcode: string }>(
      apiRequest("POST", `/api/events/${event.id}/actions/regenerate_passcode`, { token }),
    );

    expect(await deliverDue(database.db, settings)).toBe(8);
    await receiver.waitFor(8);
    const types = receiver.received.map((r) => r.type).sort();
    expect(types).toEqual(
      [
        "event.passcode_regenerated",
        "keys.minted",
        "starter.key_redeemed",
        "starter.key_redeemed",
        "starter.key_released",
        "starter.updated", // PATCH
        "starter.updated", // list upsert
        "starter.updated", // key at checkout
      ].sort(),
    );
    for (const message of receiver.received) {
      expect(message.verified, message.type).toBe(true);
      expect(message.id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(message.payload.data.eventId).toBe(event.id);
      const text = JSON.stringify(message.payload);
      for (const secret of [starter.key, keys[1]!.key, event.passcode, renewed.passcode, token]) {
        expect(text).not.toContain(secret);
      }
    }
    const redeemedMessage = receiver.received.find(
      (r) => r.type === "starter.key_redeemed" && r.payload.data.starterId === starter.id,
    )!;
    expect(redeemedMessage.payload.data).toMatchObject({ name: "Ada", keyUsed: true });
    const patched = receiver.received.find(
      (r) => r.type === "starter.updated" && (r.payload.data.changed as string[] | undefined)?.includes("startNumber"),
    )!;
    expect(patched.payload.data).toMatchObject({ starterId: starter.id, startNumber: "07" });
    const minted = receiver.received.find((r) => r.type === "keys.minted")!;
    expect(minted.payload.data).toMatchObject({ count: 2, starterIds: keys.map((k) => k.id) });
  });

  it("writes messages only for what happened, to the endpoints that listen to that type and event", async () => {
    const event = await newEvent("Webhook Filter Run");
    const other = await newEvent("Webhook Other Run");
    await endpoint(["starter.key_redeemed"], [event.id]);
    const [key] = await mint(event.id, 1);
    const [otherKey] = await mint(other.id, 1);
    await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: otherKey!.key, deviceId: "phone-x" },
      headers: client,
    });
    await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: key!.key, deviceId: "a" },
      headers: client,
    });
    // A refused redeem and a refused PATCH change nothing and announce nothing.
    await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: key!.key, deviceId: "b" },
      headers: client,
    });
    await apiRequest("POST", "/api/starters/actions/redeem_key", {
      json: { key: key!.key, deviceId: "a" },
      headers: client,
    });
    const rows = await database.db.select().from(webhookDeliveries);
    expect(rows.map((r) => [r.eventType, (r.payload as { data: { starterId: string } }).data.starterId])).toEqual([
      ["starter.key_redeemed", key!.id],
    ]);
  });

  it("retries a receiver that was down until it is back: everything arrives, with the same webhook-ids", async () => {
    const event = await newEvent("Webhook Down Run");
    await endpoint(["keys.minted"]);
    await receiver.close();
    for (let i = 0; i < 5; i++) await mint(event.id, 1);
    await deliverDue(database.db, { ...settings, retryBaseMs: 60_000, retryMaxDelayMs: 60_000 });
    const failed = await database.db.select().from(webhookDeliveries);
    expect(failed.map((r) => [r.status, r.attempts])).toEqual(Array(5).fill(["pending", 1]));
    expect(failed[0]!.lastError).toMatch(/ECONNREFUSED|socket hang up|ECONNRESET/);
    const [failing] = await database.db.select().from(webhookEndpoints);
    expect(failing!.failingSince).not.toBeNull();
    await receiver.reopen();
    await database.db.update(webhookDeliveries).set({ nextAttemptAt: new Date(Date.now() - 1000) });
    await deliverDue(database.db, settings);
    await receiver.waitFor(5);
    expect(receiver.ids()).toEqual(new Set(failed.map((r) => messageId(r.id))));
    const [healthy] = await database.db.select().from(webhookEndpoints);
    expect(healthy!.failingSince).toBeNull();
    expect((await database.db.select().from(webhookDeliveries)).every((r) => r.status === "delivered")).toBe(true);
  });

  it("a claim excludes other workers until its lease ends; an attempt lost with its worker is retried with the same id", async () => {
    const event = await newEvent("Webhook Lease Run");
    await endpoint(["keys.minted"]);
    await mint(event.id, 1);
    const [first] = await claimDue(database.db, 10, 300);
    expect(first).toBeDefined();
    expect(await claimDue(database.db, 10, 300)).toEqual([]);
    await sleep(350); // the first worker died without a result: its lease ends
    const [second] = await claimDue(database.db, 10, 60_000);
    expect(second!.id).toBe(first!.id);
    expect(second!.attempts).toBe(2);
    // The late result of the dead claim changes nothing (fenced by attempts).
    expect(await recordAttempt(database.db, first!, { ok: true, statusCode: 200, error: null }, settings)).toBe(
      "stale",
    );
    expect(await recordAttempt(database.db, second!, { ok: true, statusCode: 204, error: null }, settings)).toBe(
      "delivered",
    );
    const [row] = await database.db.select().from(webhookDeliveries);
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, nextAttemptAt: null });
  });

  it("gives a message up after its retry window, and disables an endpoint failing too long with its reason", async () => {
    const event = await newEvent("Webhook Disable Run");
    const hook = await endpoint(["keys.minted"]);
    receiver.answer = 500;
    await mint(event.id, 1);
    await deliverDue(database.db, { ...settings, retryHours: 0 });
    const [given] = await database.db.select().from(webhookDeliveries);
    expect(given).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 500, lastError: "answered 500" });
    await mint(event.id, 1);
    await mint(event.id, 1);
    await deliverDue(database.db, { ...settings, retryBaseMs: 60_000, disableAfterHours: 0 });
    const [disabled] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
    expect(disabled!.disabledAt).not.toBeNull();
    expect(disabled!.disabledReason).toMatch(/^every delivery failed since .* \(last: answered 500\)$/);
    expect((await database.db.select().from(webhookDeliveries)).every((r) => r.status === "failed")).toBe(true);
    // A disabled endpoint hears nothing new; a test message or a redelivery enables it again.
    await mint(event.id, 1);
    expect(await database.db.select().from(webhookDeliveries)).toHaveLength(3);
    receiver.answer = 200;
    await sendTestEvent(database.db, hook);
    await redeliver(database.db, hook, messageId(given!.id));
    await deliverDue(database.db, settings);
    await receiver.waitFor(4); // three 500s before, now the test message and the redelivered one
    const latest = receiver.received.slice(-2);
    expect(latest.map((r) => r.type).sort()).toEqual(["keys.minted", "webhook.test"]);
    expect(latest.find((r) => r.type === "keys.minted")!.id).toBe(messageId(given!.id));
    const [enabled] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
    expect(enabled).toMatchObject({ disabledAt: null, disabledReason: null });
  });

  it("signs with the new secret after a rotation, and follows no redirect", async () => {
    const hook = await endpoint(["keys.minted"]);
    const rotated = await rotateWebhookSecret(database.db, hook);
    expect(rotated.secret).not.toBe(hook.secret);
    receiver.secret = rotated.secret;
    await sendTestEvent(database.db, hook);
    await deliverDue(database.db, settings);
    await receiver.waitFor(1);
    expect(receiver.received[0]!.verified).toBe(true);
    receiver.answer = 302;
    await sendTestEvent(database.db, hook);
    await deliverDue(database.db, { ...settings, retryBaseMs: 60_000, retryMaxDelayMs: 60_000 });
    const rows = await database.db.select().from(webhookDeliveries);
    expect(rows.find((r) => r.status === "pending")).toMatchObject({
      lastStatusCode: 302,
      lastError: "answered 302: redirects are not followed",
    });
  });
});
