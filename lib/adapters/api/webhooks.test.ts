import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEndpoints } from "@/db/schema";
import { checkWebhookTarget, isPublicAddress } from "@/lib/domain/webhooks/targets";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  eventIds: string[] | null;
  secret?: string;
  disabledReason: string | null;
}

describe("webhook targets", () => {
  it("are public unicast addresses only, unless private targets are allowed", async () => {
    for (const address of ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["::1", "fe80::1", "fd00::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    await expect(checkWebhookTarget("http://localhost:8080/x", false)).rejects.toThrow(/not a public address/);
    await expect(checkWebhookTarget("http://localhost:8080/x", true)).resolves.toBeUndefined();
    await expect(checkWebhookTarget("http://[::1]/x", true)).resolves.toBeUndefined();
    await expect(checkWebhookTarget("http://user:pw@93.184.216.34/x", true)).rejects.toThrow(/user name/);
  });
});

describe.each(testDrivers())("webhooks API on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let otherToken: string;
  let eventId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    ({ token: otherToken } = await newOrganiser(database.db));
    ({ id: eventId } = await json<{ id: string }>(
      apiRequest("POST", "/api/events", { token, json: { name: "Webhook API Run" } }),
    ));
  });
  afterAll(async () => database?.close());

  it("refuses loopback, private, link-local, metadata and unique-local targets, and names resolving to them", async () => {
    for (const url of [
      "http://127.0.0.1/hook",
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:8080/hook",
      "http://[fd12::1]/hook",
      "http://localhost:3000/hook",
      "http://[::ffff:127.0.0.1]/hook",
    ]) {
      const response = await apiRequest("POST", "/api/webhooks", {
        token,
        json: { url, eventTypes: ["starter.key_redeemed"] },
      });
      expect(response.status, url).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body, url).toEqual(errorShape("invalid_request"));
      expect(body.error.message, url).toMatch(/not a public address/);
    }
    for (const body of [
      { url: "ftp://93.184.216.34/x", eventTypes: ["keys.minted"] },
      { url: "https://93.184.216.34/x", eventTypes: [] },
      { url: "https://93.184.216.34/x", eventTypes: ["starter.deleted"] },
      { url: "https://93.184.216.34/x", eventTypes: ["keys.minted"], secret: "mine" },
    ]) {
      expect((await apiRequest("POST", "/api/webhooks", { token, json: body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("creates an endpoint with its secret shown once, lists it without, rotates and deletes; other accounts see nothing", async () => {
    const created = await apiRequest("POST", "/api/webhooks", {
      token,
      json: {
        url: "https://93.184.216.34/hooks",
        eventTypes: ["starter.key_redeemed", "keys.minted"],
        eventIds: [eventId],
      },
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as Webhook;
    expect(hook).toMatchObject({ url: "https://93.184.216.34/hooks", eventIds: [eventId], disabledReason: null });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const list = await json<Webhook[]>(apiRequest("GET", "/api/webhooks", { token }));
    expect(list.map((w) => w.id)).toEqual([hook.id]);
    expect(JSON.stringify(list)).not.toContain(hook.secret!);
    expect(await json<Webhook[]>(apiRequest("GET", "/api/webhooks", { token: otherToken }))).toEqual([]);

    const rotate = `/api/webhooks/${hook.id}/actions/rotate_secret`;
    expect((await apiRequest("POST", rotate, { token: otherToken })).status).toBe(404);
    const rotated = await json<Webhook>(apiRequest("POST", rotate, { token }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    const [stored] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
    expect(stored!.secret).toBe(rotated.secret);

    const tested = await apiRequest("POST", `/api/webhooks/${hook.id}/actions/send_test`, { token });
    expect(tested.status).toBe(202);
    const message = (await tested.json()) as { id: string; eventType: string; status: string };
    expect(message).toMatchObject({ eventType: "webhook.test", status: "pending" });
    const deliveries = await json<Array<{ id: string }>>(
      apiRequest("GET", `/api/webhooks/${hook.id}/deliveries`, { token }),
    );
    expect(deliveries.map((d) => d.id)).toEqual([message.id]);
    expect((await apiRequest("GET", `/api/webhooks/${hook.id}/deliveries`, { token: otherToken })).status).toBe(404);
    const redeliver = `/api/webhooks/${hook.id}/deliveries/${message.id}/actions/redeliver`;
    expect((await apiRequest("POST", redeliver, { token })).status).toBe(202);
    expect((await apiRequest("POST", redeliver, { token: otherToken })).status).toBe(404);
    expect(
      (await apiRequest("POST", `/api/webhooks/${hook.id}/deliveries/msg_nope/actions/redeliver`, { token })).status,
    ).toBe(404);

    expect((await apiRequest("DELETE", `/api/webhooks/${hook.id}`, { token: otherToken })).status).toBe(404);
    expect((await apiRequest("DELETE", `/api/webhooks/${hook.id}`, { token })).status).toBe(204);
    expect((await apiRequest("DELETE", `/api/webhooks/${hook.id}`, { token })).status).toBe(404);
    expect((await apiRequest("DELETE", "/api/webhooks/not-a-uuid", { token })).status).toBe(404);
    expect((await apiRequest("GET", "/api/webhooks")).status).toBe(401);
  });

  it("limits an endpoint to events of the account", async () => {
    const { id: otherEvent } = await json<{ id: string }>(
      apiRequest("POST", "/api/events", { token: otherToken, json: { name: "Not Yours Run" } }),
    );
    const response = await apiRequest("POST", "/api/webhooks", {
      token,
      json: { url: "https://93.184.216.34/hooks", eventTypes: ["keys.minted"], eventIds: [eventId, otherEvent] },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(errorShape("not_found"));
  });
});
