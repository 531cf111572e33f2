import { devices, expect, test } from "@playwright/test";
import { demoOrganiser, saveParticipant, type Organiser } from "./organiser";

/**
 * Race morning with a team: the owner invites a helpdesk volunteer for one event; the volunteer
 * joins on a phone, finds a participant by start number, sees the key's QR code and releases the
 * key from a lost phone, and sees no minting, download or passcode controls; the owner reads it all
 * in the event's audit log.
 */
test.setTimeout(180_000);

const { defaultBrowserType: _, ...iPhone } = devices["iPhone 13"];

test("a helpdesk volunteer joins by invitation, finds and releases a key, and sees nothing else", async ({
  browser,
}) => {
  let organiser: Organiser | undefined;
  const phone = await browser.newContext({ ...iPhone });
  try {
    organiser = await demoOrganiser(browser);
    const { api } = organiser;
    const created = await api.post("/api/events", { data: { name: `Help Desk ${Date.now().toString(36)}` } });
    const { id: eventId, passcode } = (await created.json()) as { id: string; passcode: string };
    const minted = await api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=3`);
    const [runner] = (await minted.json()) as Array<{ id: string; key: string }>;
    await saveParticipant(
      organiser,
      { eventId, passcode, key: runner!.key, starterId: runner!.id },
      {
        name: "Ines Ortiz",
        startNumber: "42",
      },
    );
    const redeem = (deviceId: string) =>
      api.post("/api/starters/actions/redeem_key", { data: { key: runner!.key, deviceId } });
    expect((await redeem("lost-phone")).ok()).toBe(true);

    const email = `desk-${Date.now().toString(36)}@example.com`;
    const invited = await api.post("/api/invitations", { data: { email, role: "helpdesk", eventIds: [eventId] } });
    expect(invited.status()).toBe(201);
    const { inviteUrl } = (await invited.json()) as { inviteUrl: string };

    const page = await phone.newPage();
    await test.step("the volunteer accepts on a phone and chooses a password", async () => {
      await page.goto(new URL(inviteUrl).pathname);
      await page.getByLabel("Choose a password").fill("volunteer-pass-2026");
      await page.getByRole("button", { name: "Create account and join" }).click();
      await page.waitForURL(/\/dashboard$/);
    });

    const keysUrl = `/dashboard/events/${eventId}/keys`;
    await test.step("only the overview and the keys are open to the helpdesk", async () => {
      await page.goto(keysUrl);
      const tabs = page.getByRole("navigation", { name: "Event sections" }).getByRole("link");
      await expect(tabs).toHaveText(["Overview", "Keys"]);
      await expect(page.getByRole("heading", { name: "Mint keys" })).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Download" })).toHaveCount(0);
      await expect(page.getByRole("link", { name: /CSV/ })).toHaveCount(0);
      await page.goto(`/dashboard/events/${eventId}`);
      await expect(page.getByText("Replace the passcode…")).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Archive or delete" })).toHaveCount(0);
      // The dashboard streams behind its loading screen, so the answer is the 404 page, not the status.
      await page.goto(`/dashboard/events/${eventId}/labels`);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    });

    await test.step("finds the participant by start number and sees the key's QR code", async () => {
      await page.goto(`${keysUrl}?q=42`);
      const cards = page.locator(".keys-table tbody tr");
      await expect(cards).toHaveCount(1);
      await expect(cards.first()).toContainText("Ines Ortiz");
      await page.goto(`${keysUrl}/${runner!.id}`);
      await expect(page.getByRole("img", { name: /QR code of the key link/ })).toBeVisible();
    });

    await test.step("releases the key after a second tap; a new phone can then redeem it", async () => {
      await page.goto(`${keysUrl}?q=42`);
      const card = page.locator(".keys-table tbody tr").first();
      await card.getByText("Release", { exact: false }).first().click();
      await card.getByRole("button", { name: `Yes, release key ${runner!.key}` }).click();
      await expect(card.getByText(/^Released\./)).toBeVisible();
      expect((await redeem("new-phone")).ok()).toBe(true);
    });

    await test.step("the owner sees the volunteer's joining and release in the audit log", async () => {
      const log = await api.get(`/api/events/${eventId}/audit_log`);
      expect(log.status()).toBe(200);
      const { entries } = (await log.json()) as {
        entries: Array<{ action: string; actor: { kind: string; label: string }; target: string | null }>;
      };
      expect(entries).toContainEqual(
        expect.objectContaining({
          action: "key.released",
          actor: expect.objectContaining({ kind: "member", label: email }),
        }),
      );
    });
  } finally {
    await phone.close();
    await organiser?.close();
  }
});
