import { devices, expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "../playwright.config";
import { expectAccessible } from "./axe";
import { demoOrganiser, saveParticipant, signIn, type Organiser } from "./organiser";

/**
 * Race morning at the help desk, on a phone: the keys list is a list of cards, search forgives
 * accents, the used filter applies at once, a key is released from a search result in two taps,
 * and nothing destructive happens on one stray tap (release, revoke a token, replace the passcode).
 */
test.setTimeout(180_000);

const { defaultBrowserType: _, ...iPhone } = devices["iPhone 13"];

/**
 * Visible controls of the main content smaller than 44 × 44 px, described for the failure message.
 * Links within a sentence are exempt, as WCAG 2.5.8 exempts inline targets.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.locator("main").evaluate((main) =>
    [...main.querySelectorAll<HTMLElement>("a, button, select, input:not([type=hidden]), summary")]
      .filter((element) => element.checkVisibility() && !element.closest(".visually-hidden, p a"))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 1 && (box.width < 44 || box.height < 44))
      .map(({ element, box }) => `${element.tagName} "${element.textContent?.trim()}" ${box.width}×${box.height}`),
  );
}

const noSidewaysScrolling = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test("race morning on a phone: cards, accent-free search, and a release that takes a deliberate second tap", async ({
  browser,
}) => {
  let organiser: Organiser | undefined;
  const phone = await browser.newContext({ ...iPhone });
  try {
    organiser = await demoOrganiser(browser);
    const { api } = organiser;
    const created = await api.post("/api/events", { data: { name: `Race Morning ${Date.now().toString(36)}` } });
    const { id: eventId, passcode } = (await created.json()) as { id: string; passcode: string };
    const minted = await api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=12`);
    const keys = (await minted.json()) as Array<{ id: string; key: string }>;
    const [muller, other] = [keys[0]!, keys[1]!];
    await saveParticipant(
      organiser,
      { eventId, passcode, key: muller.key, starterId: muller.id },
      {
        name: "Jürgen Müller-Lüdenscheidt",
        startNumber: "101",
      },
    );
    await saveParticipant(
      organiser,
      { eventId, passcode, key: other.key, starterId: other.id },
      {
        name: "Anna Schmidt",
        startNumber: "1010",
      },
    );
    const redeem = (key: string, deviceId: string) =>
      api.post("/api/starters/actions/redeem_key", { data: { key, deviceId } });
    for (const { key } of [muller, other]) expect((await redeem(key, `phone-of-${key}`)).ok()).toBe(true);

    const page = await phone.newPage();
    await signIn(page);
    const keysUrl = `/dashboard/events/${eventId}/keys`;
    await page.goto(keysUrl);
    const cards = page.locator(".keys-table tbody tr");

    await test.step("the keys table is a list of cards with no sideways scrolling, every target 44 px", async () => {
      await expect(cards).toHaveCount(12);
      const first = cards.first();
      await expect(first).toHaveCSS("display", "grid");
      await expect(first).toContainText(muller.key);
      await expect(first).toContainText("No. 101");
      await expect(first).toContainText("Jürgen Müller-Lüdenscheidt");
      await expect(first).toContainText("Used");
      await expect(page.locator(".keys-table thead")).not.toBeInViewport();
      expect(await noSidewaysScrolling(page)).toBe(true);
      expect(await smallTargets(page)).toEqual([]);
    });

    await test.step("search ignores case and accents, and matches start numbers exactly", async () => {
      const search = page.getByRole("searchbox", { name: "Search" });
      for (const q of ["muller", "MUELLER", "lüdensch", "101"]) {
        await search.fill(q);
        await search.press("Enter");
        await expect(cards).toHaveCount(1);
        await expect(cards.first()).toContainText("Jürgen Müller-Lüdenscheidt");
      }
      await search.fill(keys[5]!.key.slice(0, 3).toLowerCase());
      await search.press("Enter");
      await expect(cards.filter({ hasText: keys[5]!.key })).toHaveCount(1);
    });

    await test.step("the used filter applies when it changes, without a second tap", async () => {
      await page.goto(keysUrl);
      await page.getByLabel("Show").selectOption("used");
      await page.waitForURL(/status=used/);
      await expect(cards).toHaveCount(2);
      await page.getByLabel("Show").selectOption("unused");
      await page.waitForURL(/status=unused/);
      await expect(cards).toHaveCount(10);
    });

    await test.step("a key is released from a search result: the first tap only asks", async () => {
      await page.goto(`${keysUrl}?q=101`);
      const card = cards.first();
      const release: Locator = card.getByText("Release", { exact: false }).first();
      await release.click();
      await expect(card.getByText(`Disconnect ${muller.key} from its phone`)).toBeVisible();
      await expectAccessible(page, "keys as cards, a release question open");
      expect((await redeem(muller.key, "a-new-phone")).status()).toBe(409); // not released yet
      await card.getByRole("button", { name: `Yes, release key ${muller.key}` }).click();
      await expect(card.getByText(/^Released\./)).toBeVisible();
      expect((await redeem(muller.key, "a-new-phone")).ok()).toBe(true);
      expect(await smallTargets(page)).toEqual([]);
    });

    await test.step("tapping a card opens its key", async () => {
      await page.goto(`${keysUrl}?q=schmidt`);
      await cards.first().click(); // its middle: the name, under the key link's cover
      await page.waitForURL(new RegExp(`${keysUrl}/${other.id}$`));
      await expect(page.getByText("This key is connected to a phone.")).toBeVisible();
    });

    await test.step("replacing the passcode takes a second tap", async () => {
      await page.goto(`/dashboard/events/${eventId}`);
      await page.getByText("Replace the passcode…").click();
      const current = async () => (await (await api.get(`/api/events/${eventId}`)).json()) as { passcode: string };
      expect((await current()).passcode).toBe(passcode);
      await page.getByRole("button", { name: "Yes, replace passcode" }).click();
      await expect(page.getByText(/passcode/i).first()).toBeVisible();
      await expect.poll(async () => (await current()).passcode).not.toBe(passcode);
    });

    await test.step("the account page's tokens: 44 px targets, and revoking takes a second tap", async () => {
      await page.goto("/dashboard/account");
      expect(await noSidewaysScrolling(page)).toBe(true);
      expect(await smallTargets(page)).toEqual([]);
      const name = `Desk phone ${Date.now().toString(36)}`;
      const tokenForm = page.getByRole("form", { name: "Create API token" });
      await tokenForm.getByLabel("Token name").fill(name);
      await tokenForm.getByLabel("Current password").fill(E2E_DEMO_PASSWORD);
      await tokenForm.getByRole("button", { name: "Create token" }).click();
      const token = (await page.locator("#new-token").textContent())!.trim();
      // The tokens are cards on a phone: neither the page nor the table scrolls sideways.
      await page.goto("/dashboard/account");
      await expect(page.locator(".tokens-table tbody tr").first()).toHaveCSS("display", "block");
      expect(await noSidewaysScrolling(page)).toBe(true);
      const tableWrap = page.locator(".table-wrap:has(> .tokens-table)");
      expect(await tableWrap.evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth)).toBe(true);
      const events = () => page.request.get("/api/events", { headers: { authorization: `Bearer ${token}` } });
      expect((await events()).status()).toBe(200);
      const row = page.getByRole("row").filter({ hasText: name });
      await row.locator("summary", { hasText: "Revoke" }).click();
      expect((await events()).status()).toBe(200);
      await row.getByRole("button", { name: "Yes, revoke" }).click();
      await expect(row).toContainText("Revoked");
      expect((await events()).status()).toBe(401);
    });
  } finally {
    await organiser?.close();
    await phone.close();
  }
});
