import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

test("the home page renders and links to the sample key", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Racekeys" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the served QR image decodes to the key link of the configured origin", async ({ request, baseURL }) => {
  const response = await request.get("/api/starters/actions/generate_key_qrcode?key=k84n2s&name=Zo%C3%AB");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  const png = PNG.sync.read(await response.body());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(`${baseURL}/redeem_key?key=K84N2S&name=Zo%C3%AB`);
});

test("the API refuses requests without a token in the error shape", async ({ request }) => {
  const response = await request.get("/api/events");
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
});
