import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { demoOrganiser, eventWithKey } from "./organiser";

/*
 * Issue 13, "Usage report": an organiser reconciles an invoice on the Usage tab, and the CSV it
 * downloads holds the same numbers as the API's report.
 */
test("the usage tab shows keys minted, keys used and passcode phones, and downloads them as CSV", async ({
  browser,
}) => {
  const organiser = await demoOrganiser(browser);
  const { page, api } = organiser;
  const { eventId, key, passcode } = await eventWithKey(api, { name: `Invoice Run ${Date.now().toString(36)}` });
  expect((await api.post(`/api/events/${eventId}/actions/generate_starter_keys?count=2`)).status()).toBe(201);
  expect(
    (await api.post(`/api/events/${eventId}/starters`, { data: { importId: "order-1", name: "Zoë" } })).status(),
  ).toBe(201);
  for (const [code, deviceId] of [
    [key, "phone-1"],
    [passcode, "phone-2"],
  ]) {
    const redeemed = await api.post("/api/starters/actions/redeem_key", { data: { key: code, deviceId } });
    expect(redeemed.status()).toBe(200);
  }
  const report = (await (await api.get(`/api/events/${eventId}/usage`)).json()) as {
    total: { keysMinted: number; keysUsed: number; passcodeDevices: number };
    days: Array<{ date: string }>;
  };
  expect(report.total).toEqual({ keysMinted: 3, keysUsed: 1, passcodeDevices: 1 });

  await page.goto(`/dashboard/events/${eventId}`);
  await page.getByRole("link", { name: "Usage", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Usage", exact: true })).toBeVisible();
  const table = page.getByRole("table", { name: /per day/ });
  const today = report.days[0]!.date;
  await expect(table.getByRole("row", { name: new RegExp(today) })).toHaveText(`${today}311`);
  await expect(table.getByRole("row", { name: /Total/ })).toHaveText("Total311");
  await expectAccessible(page, "usage");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download as CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-usage\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv).toBe(await (await api.get(`/api/events/${eventId}/usage?format=csv`)).text());
  expect(csv).toBe(`date,keysMinted,keysUsed,passcodeDevices\r\n${today},3,1,1\r\ntotal,3,1,1\r\n`);
  await organiser.close();
});
