import { expect, request, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_DEMO_PASSWORD, E2E_ORIGIN } from "../playwright.config";

/** The demo organiser of db/seed/demo.ts, as the specs sign it in: the password is new for every run. */
export const DEMO_EMAIL = "demo@racekeys.local";

/** Signs the demo organiser in through the sign-in form on `origin`; ends on the dashboard. */
export async function signIn(page: Page, origin = E2E_ORIGIN, password = E2E_DEMO_PASSWORD): Promise<void> {
  await page.goto(`${origin}/signin?next=%2Fdashboard`);
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${origin}/dashboard`);
}

export interface Organiser {
  /** A signed-in page of the dashboard, for what the API does not offer. */
  page: Page;
  /** The API with the demo organiser's new token. */
  api: APIRequestContext;
  close(): Promise<void>;
}

/** The demo organiser, signed in, with a new API token made on the account page. */
export async function demoOrganiser(browser: Browser): Promise<Organiser> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  await page.goto("/dashboard/account");
  const tokenForm = page.getByRole("form", { name: "Create API token" });
  await tokenForm.getByLabel("Token name").fill(`e2e ${Date.now().toString(36)}`);
  await tokenForm.getByLabel("Current password").fill(E2E_DEMO_PASSWORD);
  await tokenForm.getByRole("button", { name: "Create token" }).click();
  const token = (await page.locator("#new-token").textContent())!.trim();
  expect(token).toMatch(/^rk_/);
  const api = await request.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  return {
    page,
    api,
    async close() {
      await api.dispose();
      await context.close();
    },
  };
}

export interface EventWithKey {
  eventId: string;
  passcode: string;
  key: string;
  starterId: string;
}

/** A new event through the API (`POST /api/events`) with one minted key. */
export async function eventWithKey(
  api: APIRequestContext,
  event: { name: string; startsAt?: string; endsAt?: string },
): Promise<EventWithKey> {
  const created = await api.post("/api/events", { data: event });
  expect(created.status()).toBe(201);
  const { id: eventId, passcode } = (await created.json()) as { id: string; passcode: string };
  const minted = await api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=1`);
  expect(minted.status()).toBe(201);
  const [starter] = (await minted.json()) as Array<{ id: string; key: string }>;
  return { eventId, passcode, key: starter!.key, starterId: starter!.id };
}

/** Saves a key's participant in the dashboard, as an organiser would before race day. */
export async function saveParticipant(
  organiser: Organiser,
  { eventId, starterId }: EventWithKey,
  participant: { name: string; startNumber: string },
): Promise<void> {
  const { page } = organiser;
  await page.goto(`/dashboard/events/${eventId}/keys/${starterId}`);
  const form = page.getByRole("form", { name: "Participant of this key" });
  await form.getByLabel("Name").fill(participant.name);
  await form.getByLabel("Start number").fill(participant.startNumber);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
}
