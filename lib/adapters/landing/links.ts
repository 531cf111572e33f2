import type { Config } from "@/lib/platform/config";
import { encodeComponent, keyLink, keyQuery, type Participant } from "@/lib/domain/links";

export type StoreConfig = Pick<Config, "PUBLIC_URL" | "IOS_APP_STORE_ID" | "ANDROID_PACKAGE" | "APP_URL_SCHEME">;

/** Every link the landing page builds for one key; each carries the same startNumber and name. */
export interface LandingLinks {
  /** The key link itself: what the QR code shows and the clipboard receives. */
  keyLink: string;
  /** The app's custom scheme, `racemap://redeem_key?key=..`: only behind a tap (Safari alerts when it is missing). */
  appLink: string;
  appStore: string;
  /** Google Play with the install referrer, which hands key, startNumber and name to the app after installation. */
  play: string;
  /** Chrome's intent URL: the app when installed, else Play (`S.browser_fallback_url`). */
  intent: string;
  /** iOS 17+: opens the key link in Safari from an in-app browser. */
  safari: string;
}

export const appStoreUrl = (appStoreId: string): string => `https://apps.apple.com/app/id${appStoreId}`;

export const playStoreUrl = (androidPackage: string, key: string, participant: Participant = {}): string =>
  `https://play.google.com/store/apps/details?id=${encodeComponent(androidPackage)}` +
  `&referrer=${encodeComponent(keyQuery(key, participant))}`;

/**
 * `intent://<host>/<path>?<query>#Intent;scheme=..;package=..;S.browser_fallback_url=..;end`.
 * Android decodes every value after the `#` (Uri.decode), so each is percent-encoded and none can
 * contain the `;` that separates them.
 */
export function intentUrl(link: string, androidPackage: string, fallbackUrl: string): string {
  const { protocol } = new URL(link);
  const scheme = protocol.slice(0, -1);
  return (
    `intent://${link.slice(scheme.length + 3)}#Intent;scheme=${encodeComponent(scheme)}` +
    `;package=${encodeComponent(androidPackage)};S.browser_fallback_url=${encodeComponent(fallbackUrl)};end`
  );
}

export function landingLinks(config: StoreConfig, key: string, participant: Participant = {}): LandingLinks {
  const link = keyLink(config.PUBLIC_URL, key, participant);
  const play = playStoreUrl(config.ANDROID_PACKAGE, key, participant);
  return {
    keyLink: link,
    appLink: `${config.APP_URL_SCHEME}://redeem_key?${keyQuery(key, participant)}`,
    appStore: appStoreUrl(config.IOS_APP_STORE_ID),
    play,
    intent: intentUrl(link, config.ANDROID_PACKAGE, play),
    safari: `x-safari-${link}`,
  };
}
