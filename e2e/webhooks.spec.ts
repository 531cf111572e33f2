import { expect, test } from "@playwright/test";
import { startWebhookReceiver } from "../testing/webhook-receiver";
import { expectAccessible } from "./axe";
import { demoOrganiser } from "./organiser";

/*
 * Issue 13, "Webhooks": an organiser registers an endpoint on the Webhooks page, copies its secret
 * (shown once), sends a test event, sees each delivery's status, attempts and response, rotates the
 * secret, redelivers a message with its webhook-id and deletes the endpoint.
 */
test("the webhooks page registers an endpoint, shows its deliveries, redelivers, rotates and deletes", async ({
  browser,
}) => {
  const receiver = await startWebhookReceiver();
  const organiser = await demoOrganiser(browser);
  const { page, api } = organiser;
  try {
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Webhooks", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", exact: true })).toBeVisible();
    const form = page.getByRole("form", { name: "Create webhook" });
    await form.getByLabel("Endpoint URL").fill(receiver.url);
    await form.getByRole("checkbox", { name: /event\.passcode_regenerated/ }).uncheck();
    await form.getByRole("button", { name: "Create webhook" }).click();
    const secret = (await page.locator("#new-webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await expectAccessible(page, "webhooks");

    const endpoint = page.getByRole("region", { name: `Webhook ${receiver.url}` });
    await endpoint.getByRole("button", { name: /Send test event/ }).click();
    await expect(endpoint.getByText("Test event queued.")).toBeVisible();
    await receiver.waitFor(1);
    expect(receiver.received[0]).toMatchObject({ type: "webhook.test", verified: true });

    const created = await api.post("/api/events", { data: { name: `Webhook Run ${Date.now().toString(36)}` } });
    const { id: eventId } = (await created.json()) as { id: string };
    expect((await api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=2`)).status()).toBe(201);
    await receiver.waitFor(2);
    const minted = receiver.received.find((r) => r.type === "keys.minted")!;
    expect(minted.verified).toBe(true);

    await page.reload();
    const table = endpoint.getByRole("table", { name: "Recent deliveries" });
    await expect(table.getByRole("row", { name: /keys\.minted/ })).toContainText("delivered");
    await expect(
      table
        .getByRole("row", { name: /keys\.minted/ })
        .getByRole("cell")
        .nth(1),
    ).toHaveText("1");
    await expect(
      table
        .getByRole("row", { name: /keys\.minted/ })
        .getByRole("cell")
        .nth(2),
    ).toHaveText("200");

    await endpoint.getByRole("button", { name: /Rotate secret/ }).click();
    const rotated = (await endpoint.locator("code.secret").textContent())!.trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    receiver.secret = rotated;
    await page.reload();
    await table
      .getByRole("row", { name: /keys\.minted/ })
      .getByRole("button", { name: /Redeliver/ })
      .click();
    await expect.poll(() => receiver.received.filter((r) => r.id === minted.id).length).toBe(2);
    expect(receiver.received.at(-1)).toMatchObject({ id: minted.id, verified: true });

    await endpoint.locator("summary", { hasText: "Delete" }).click();
    await endpoint.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByText("No webhooks yet.")).toBeVisible();
  } finally {
    await organiser.close();
    await receiver.close();
  }
});
