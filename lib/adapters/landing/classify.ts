import { isbot } from "isbot";
import { UAParser } from "ua-parser-js";

export type Platform = "ios" | "android" | "desktop";

export interface Visitor {
  platform: Platform;
  /** Inside an app's embedded browser, which blocks app and store hand-offs. */
  inApp: boolean;
  /** A link-preview bot, crawler or scanner: gets tags and text, no script, no forward. */
  bot: boolean;
  /** A Mac user agent: may be an iPad in desktop mode, which only the browser can tell (touch points). */
  mayBeIpad: boolean;
}

/** ua-parser-js 1.x browser names of in-app browsers (Messenger reports as "Facebook"). */
const IN_APP_BROWSERS = new Set([
  "Instagram",
  "Facebook",
  "LinkedIn",
  "WeChat",
  "TikTok",
  "Snapchat",
  "Line",
  "Chrome WebView",
]);
/** HarmonyOS runs Android apps. */
const ANDROID_SYSTEMS = new Set(["Android", "HarmonyOS"]);

/** Real user agents stay far below this; longer ones are cut so classification stays cheap. */
const MAX_USER_AGENT_LENGTH = 1024;

// Browsers repeat the same few thousand user agents: remember recent answers instead of parsing again.
const CACHE_SIZE = 2000;
const cache = new Map<string, Visitor>();

export function classify(userAgent: string | null | undefined): Visitor {
  const ua = (userAgent ?? "").slice(0, MAX_USER_AGENT_LENGTH);
  const known = cache.get(ua);
  if (known) return known;
  const visitor = classifyUncached(ua);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(ua, visitor);
  return visitor;
}

function classifyUncached(ua: string): Visitor {
  const { os, browser } = new UAParser(ua).getResult();
  const platform: Platform = os.name === "iOS" ? "ios" : ANDROID_SYSTEMS.has(os.name ?? "") ? "android" : "desktop";
  return {
    platform,
    inApp: IN_APP_BROWSERS.has(browser.name ?? ""),
    // Every browser sends a user agent; a request without one is a script or scanner.
    bot: ua.trim() === "" || isbot(ua),
    mayBeIpad: platform === "desktop" && os.name === "Mac OS",
  };
}
