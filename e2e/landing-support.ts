import { devices, type Page } from "@playwright/test";

/** What the landing page's specs share: device profiles, user agents, and a watch on everything that goes wrong. */

/** Device descriptors without the browser choice: every test here runs in Chromium. */
export const device = (name: string) => {
  const { defaultBrowserType: _browser, ...descriptor } = devices[name]!;
  return descriptor;
};
export const MAC_SAFARI =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
export const INSTAGRAM_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.26.94 (iPhone15,3; iOS 17_4_1; en_US; en; scale=3.00; 1290x2796; 587382546)";
export const INSTAGRAM_ANDROID =
  "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 Instagram 325.0.0.35.91 Android (33/13; 450dpi; 1080x2177; samsung; SM-A536B; a53x; s5e8825; de_DE; 587125672)";
export const SLACKBOT = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
export const APP_STORE = "https://apps.apple.com/app/id1061429592";
export const NAME = "Zoë 🏃 O'Brien";
export const NAME_PARAM = "Zo%C3%AB%20%F0%9F%8F%83%20O%27Brien";

/**
 * Everything that went wrong while the page was open: console errors, script errors, failed
 * requests and error answers other than the page's own (a 404 page is meant to be a 404).
 * Requests to the stores are answered locally: the test machine has no internet. Desktop Chromium
 * has no apps: what the page tried to open is collected in `launches` (without the fragment), from
 * the aborted request or Chromium's "Not allowed to launch" / "Failed to launch" message.
 */
export async function watch(page: Page) {
  const problems: string[] = [];
  const launches = new Set<string>();
  const isWeb = (url: string) => /^https?:/.test(url);
  const ownDocument = (url: string) => new URL(url).pathname === "/redeem_key";
  const launched = (url: string) => launches.add(url.replace(/#.*$/, ""));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const launch = /^(?:Not allowed to launch|Failed to launch) '([^']+)'/.exec(message.text());
    if (launch) launched(launch[1]!);
    else if (!(message.text().startsWith("Failed to load resource") && ownDocument(message.location().url))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`script: ${error.message}`));
  page.on("request", (request) => {
    if (!isWeb(request.url())) launched(request.url());
  });
  page.on("requestfailed", (request) => {
    if (isWeb(request.url())) problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    const own = response.request().isNavigationRequest() && ownDocument(response.url());
    if (response.status() >= 400 && !own) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.route(/^https:\/\/(apps\.apple\.com|play\.google\.com)\//, (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>store</title>" }),
  );
  return { problems, launches };
}
