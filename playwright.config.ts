import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in a real Chromium against the production build, served on a fresh embedded
 * database seeded with the demo (sample event "Easy QR Code Run", passcode 6G615L, keys K84N2S, 3Z2GPX).
 * Playwright cannot download browsers here: it drives Debian's /usr/bin/chromium.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  throw new Error(`No Chromium at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

// E2E_PORT lets checkouts side by side run their suites at once.
export const E2E_PORT = Number(process.env.E2E_PORT) || 3210;
export const E2E_ORIGIN = `http://localhost:${E2E_PORT}`;
// The standalone server (a copy of the build outside the checkout, started with plain `node`) runs the smoke specs.
const STANDALONE_PORT = Number(process.env.E2E_STANDALONE_PORT) || E2E_PORT + 1;
const STANDALONE_ORIGIN = `http://localhost:${STANDALONE_PORT}`;
// The demo organiser's password, new for every run: the server seeds it (DEMO_PASSWORD), the specs
// sign in with it. Set in the runner's environment, which its workers inherit, so all agree.
process.env.E2E_DEMO_PASSWORD ||= randomBytes(12).toString("base64url");
export const E2E_DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  timeout: 60_000,
  use: {
    baseURL: E2E_ORIGIN,
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] } },
    {
      name: "standalone",
      testMatch: "smoke.spec.ts",
      use: { ...devices["Desktop Chrome"], baseURL: STANDALONE_ORIGIN },
    },
  ],
  // Started one after the other: the first builds when sources changed, the second finds the build.
  webServer: [
    {
      command: "rm -rf .data/e2e && tsx scripts/start.ts",
      url: `${E2E_ORIGIN}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(E2E_PORT),
        PUBLIC_URL: E2E_ORIGIN,
        PGLITE_DIR: ".data/e2e",
        NEXT_DIST_DIR: ".next-test", // shared with the server tests of the Vitest run: one build
        DATABASE_URL: "",
        DEMO_PASSWORD: E2E_DEMO_PASSWORD,
        NEXT_TELEMETRY_DISABLED: "1",
        // The webhooks spec's receiver listens on this machine.
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true",
        WEBHOOKS_POLL_MS: "200",
      },
    },
    {
      command: "rm -rf .data/e2e-standalone && tsx scripts/serve-standalone.ts",
      url: `${STANDALONE_ORIGIN}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(STANDALONE_PORT),
        PUBLIC_URL: STANDALONE_ORIGIN,
        PGLITE_DIR: ".data/e2e-standalone",
        NEXT_DIST_DIR: ".next-test",
        DATABASE_URL: "",
        DEMO_PASSWORD: E2E_DEMO_PASSWORD,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
