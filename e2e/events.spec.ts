import { expect, test, type Page } from "@playwright/test";
import { E2E_ORIGIN } from "../playwright.config";
import { demoOrganiser, eventWithKey, type Organiser } from "./organiser";

/**
 * Events through an organiser's eyes: their state in the list and on their page, the warning for
 * dates long past, archiving, deleting with the slug typed to confirm, slugs from names with
 * umlauts; and the smaller dashboard items (spacing, wrapping links, one-bucket statistics, the
 * API documentation).
 */
const run = Date.now().toString(36);
const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

let organiser: Organiser;
test.beforeAll(async ({ browser }) => {
  organiser = await demoOrganiser(browser);
});
test.afterAll(async () => organiser?.close());

/** The state badge of an event's row in the event list. */
const rowBadge = (page: Page, name: string) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) })
    .locator("[data-event-state]");
const headBadge = (page: Page) => page.locator(".page-head [data-event-state]");

test("a new event's slug is transliterated from its name, and it shows as upcoming", async () => {
  const { page } = organiser;
  const name = `Stadtlauf Münster Straße ${run}`;
  await page.goto("/dashboard/events/new");
  await page.getByLabel("Event name").fill(name);
  await page.getByLabel("Starts").fill(`${iso(10 * DAY).slice(0, 10)}T09:00`);
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByLabel("Short name for links (slug)")).toHaveValue(`stadtlauf-muenster-strasse-${run}`);
  await expect(headBadge(page)).toHaveText("Upcoming");
  await expect(headBadge(page)).toHaveAttribute("data-event-state", "upcoming");
  await page.goto("/dashboard");
  await expect(rowBadge(page, name)).toHaveText("Upcoming");
});

test("each event shows its state in the list and on its page; saving dates long past warns", async () => {
  const { page, api } = organiser;
  const events = [
    { name: `Live Run ${run}`, startsAt: iso(-DAY), endsAt: iso(DAY), state: "live", label: /^Live$/ },
    {
      name: `Just Ended Run ${run}`,
      startsAt: iso(-3 * DAY),
      endsAt: iso(-2 * DAY),
      state: "redeemable",
      label: /^Ended · keys redeemable until \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}$/,
    },
    // Without dates keys work at any time: open, not "live".
    {
      name: `Undated Run ${run}`,
      startsAt: undefined,
      endsAt: undefined,
      state: "live",
      label: /^Open · no dates set$/,
    },
    { name: `Long Ago Run ${run}`, startsAt: iso(-61 * DAY), endsAt: iso(-60 * DAY), state: "ended", label: /^Ended$/ },
  ];
  const ids: string[] = [];
  for (const { name, startsAt, endsAt } of events) {
    const created = await api.post("/api/events", { data: { name, startsAt, endsAt } });
    expect(created.status()).toBe(201);
    ids.push(((await created.json()) as { id: string }).id);
  }
  await page.goto("/dashboard");
  for (const { name, state, label } of events) {
    await expect(rowBadge(page, name)).toHaveText(label);
    await expect(rowBadge(page, name)).toHaveAttribute("data-event-state", state);
  }
  for (const [i, { state, label }] of events.entries()) {
    await page.goto(`/dashboard/events/${ids[i]}`);
    await expect(headBadge(page)).toHaveText(label);
    await expect(headBadge(page)).toHaveAttribute("data-event-state", state);
  }
  // On the long-ago event's page (just visited) the warning stands above everything.
  await expect(page.getByText("Keys of an event that ended over 30 days ago cannot be redeemed.")).toBeVisible();

  // Saving the live event with dates two months back: saved, with the warning of the real grace period.
  await page.goto(`/dashboard/events/${ids[0]}`);
  const details = page.getByRole("region", { name: "Details" });
  await details.getByLabel("Starts").fill(`${iso(-62 * DAY).slice(0, 10)}T09:00`);
  await details.getByLabel("Ends").fill(`${iso(-62 * DAY).slice(0, 10)}T15:00`);
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(details.getByText("Event saved.")).toBeVisible();
  await expect(details.getByText("Keys of an event that ended over 30 days ago cannot be redeemed.")).toBeVisible();
  await expect(headBadge(page)).toHaveText("Ended");
  // A date a few days back: the keys still work, until when is said.
  await details.getByLabel("Ends").fill(`${iso(-DAY).slice(0, 10)}T15:00`);
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(
    details.getByText(/This event has ended: its keys can be redeemed until .+, 30 days after its end\./),
  ).toBeVisible();
  await expect(headBadge(page)).toHaveAttribute("data-event-state", "redeemable");
});

test("an archived event leaves the list, its key link still works, and it comes back", async () => {
  const { page, api } = organiser;
  const name = `Archive Me Run ${run}`;
  // Live while archived: the page head shows one badge, not "Live" beside "Archived".
  const event = await eventWithKey(api, { name, startsAt: iso(-DAY), endsAt: iso(DAY) });
  await page.goto(`/dashboard/events/${event.eventId}`);
  await expect(headBadge(page)).toHaveText("Live");
  await page.getByRole("button", { name: "Archive event" }).click();
  await expect(page.getByText("Event archived.", { exact: true })).toBeVisible();
  await expect(page.locator(".page-head .badge")).toHaveText(["Archived"]);
  // What archiving means is said once, not again in the message above it.
  await expect(page.getByText(/key links and passcode still work/)).toHaveCount(1);

  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: "Easy QR Code Run" })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Archived events" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Archived events" })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  // Participants notice nothing: the key link, resolving and redeeming work as before.
  const landing = await page.goto(`/redeem_key?key=${event.key}`);
  expect(landing!.status()).toBe(200);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  expect((await api.get(`/api/starters/actions/resolve_key?key=${event.key}`)).status()).toBe(200);
  const redeemed = await api.post("/api/starters/actions/redeem_key", {
    data: { key: event.key, deviceId: `e2e-archived-${run}` },
  });
  expect(redeemed.status()).toBe(200);

  await page.goto(`/dashboard/events/${event.eventId}`);
  await page.getByRole("button", { name: "Unarchive event" }).click();
  await expect(page.getByText("Event back in your event list.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
});

test("deleting asks for the slug, then removes the event and every key link of it for good", async () => {
  const { page, api } = organiser;
  const name = `Delete Me Run ${run}`;
  const event = await eventWithKey(api, { name });
  const { slug } = (await (await api.get(`/api/events/${event.eventId}`)).json()) as { slug: string };

  await page.goto(`/dashboard/events/${event.eventId}`);
  await page.getByText("Delete this event…").click();
  const form = page.getByRole("form", { name: "Delete event" });
  await expect(form.getByText("Deleting removes the event with its 1 key")).toBeVisible();
  // The button waits for the slug: before it is typed, and for any other text, it cannot be pressed.
  const deleteButton = form.getByRole("button", { name: "Delete event for good" });
  await expect(deleteButton).toBeDisabled();
  await form.getByLabel("Type the event's slug to confirm").fill("not-the-slug");
  await expect(deleteButton).toBeDisabled();
  await form.getByLabel("Type the event's slug to confirm").fill(slug.slice(0, -1));
  await expect(deleteButton).toBeDisabled();
  expect((await api.get(`/api/events/${event.eventId}`)).status()).toBe(200);

  await form.getByLabel("Type the event's slug to confirm").fill(slug);
  await expect(deleteButton).toBeEnabled();
  await form.getByRole("button", { name: "Delete event for good" }).click();
  await expect(page).toHaveURL(/\/dashboard\?deleted=1$/);
  await expect(page.getByText("Event deleted.")).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);

  expect((await api.get(`/api/events/${event.eventId}`)).status()).toBe(404);
  await page.goto(`/dashboard/events/${event.eventId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  for (const code of [event.key, event.passcode]) {
    expect((await page.goto(`/redeem_key?key=${code}`))!.status()).toBe(404);
    expect((await api.get(`/api/starters/actions/resolve_key?key=${code}`)).status()).toBe(404);
  }
  const redeem = await api.post("/api/starters/actions/redeem_key", { data: { key: event.key, deviceId: "e2e-x" } });
  expect(redeem.status()).toBe(404);
});

test("DELETE /api/events/:eventId over HTTP: 400 without the right slug, 204 with it", async () => {
  const { api } = organiser;
  const event = await eventWithKey(api, { name: `API Delete Run ${run}` });
  const { slug } = (await (await api.get(`/api/events/${event.eventId}`)).json()) as { slug: string };
  for (const query of ["", "?confirm=", `?confirm=${slug}-x`]) {
    const refused = await api.delete(`/api/events/${event.eventId}${query}`);
    expect(refused.status(), query).toBe(400);
    expect(await refused.json()).toEqual({ error: expect.objectContaining({ code: "invalid_request" }) });
  }
  const deleted = await api.delete(`/api/events/${event.eventId}?confirm=${slug}`);
  expect(deleted.status()).toBe(204);
  expect((await api.delete(`/api/events/${event.eventId}?confirm=${slug}`)).status()).toBe(404);
  expect((await api.get(`/api/starters/actions/resolve_key?key=${event.key}`)).status()).toBe(404);
});

test("the Mint keys card keeps its distance to the keys below", async () => {
  const { page, api } = organiser;
  const event = await eventWithKey(api, { name: `Spacing Run ${run}` });
  await page.goto(`/dashboard/events/${event.eventId}/keys`);
  const mint = await page.getByRole("region", { name: "Mint keys" }).boundingBox();
  const keys = await page.getByRole("region", { name: "Keys", exact: true }).boundingBox();
  expect(keys!.y - (mint!.y + mint!.height)).toBeGreaterThanOrEqual(16);
});

test("on a narrow screen the passcode link wraps inside its card, never inside the passcode", async ({ browser }) => {
  const { api } = organiser;
  const event = await eventWithKey(api, { name: `Narrow Run ${run}` });
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    storageState: await organiser.page.context().storageState(),
  });
  const page = await context.newPage();
  for (const path of [
    `/dashboard/events/${event.eventId}`,
    `/dashboard/events/${event.eventId}/keys/${event.starterId}`,
  ]) {
    await page.goto(path);
    const link = page.locator(".copy-row .link-text");
    await expect(link).toContainText("/redeem_key?key=");
    const fit = () =>
      link.evaluate((code) => {
        const card = code.closest(".card")!.getBoundingClientRect();
        const box = code.getBoundingClientRect();
        return {
          inside: box.left >= card.left && box.right <= card.right,
          queryLines: code.querySelector(".nowrap")!.getClientRects().length,
          pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
    await expect.poll(fit, { message: path }).toEqual({ inside: true, queryLines: 1, pageScrolls: false });
  }
  await context.close();
});

test("statistics of keys minted within one hour show bars with their numbers, not lone dots", async () => {
  const { page, api } = organiser;
  const event = await eventWithKey(api, { name: `One Hour Run ${run}` });
  await page.goto(`/dashboard/events/${event.eventId}/statistics`);
  const chart = page.getByRole("region", { name: "Keys minted and used" }).locator("svg[role=img]");
  await expect(chart.locator("rect.bar")).toHaveCount(2);
  await expect(chart.locator("circle")).toHaveCount(0);
  await expect(chart.locator("text.value").first()).toHaveText("1");
});

test("the account page links to the API documentation, which renders every path from our own origin", async () => {
  const { page } = organiser;
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(E2E_ORIGIN) && !request.url().startsWith("data:")) foreign.push(request.url());
  });
  await page.goto("/dashboard/account");
  await page.getByRole("link", { name: "API documentation" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  const document = (await (await page.request.get("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const method of Object.keys(methods)) {
      await expect(
        page.locator(`.opblock-${method} .opblock-summary-path[data-path="${path}"]`),
        `${method} ${path}`,
      ).toBeVisible();
    }
  }
  // Markdown shows as such: no backticks in a summary, code in the description rendered as code.
  const listEvents = page.locator(`.opblock-get:has(.opblock-summary-path[data-path="/api/events"])`);
  await expect(listEvents.locator(".opblock-summary-description")).not.toContainText("`");
  await listEvents.locator(".opblock-summary-path").click();
  await expect(listEvents.locator(".opblock-description code").filter({ hasText: /^archived=true$/ })).toBeVisible();
  await expect(page.locator(".swagger-ui").getByText("`", { exact: false })).toHaveCount(0);
  // The delete of an event, documented with its confirmation.
  await page.locator(`.opblock-delete .opblock-summary-path[data-path="/api/events/{eventId}"]`).click();
  await expect(page.locator(".opblock-delete .parameter__name").filter({ hasText: /^confirm/ })).toBeVisible();
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
});
