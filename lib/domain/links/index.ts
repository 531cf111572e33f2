import type { TrackingApp } from "@/lib/domain/apps/app";

/**
 * Every public URL of a key or passcode: the key link (what participants get and QR codes hold),
 * the QR image URL, the landing page's own links and the app and store links it hands over to.
 * The API, the exports, the labels, the dashboard and the landing page all build them here.
 */

/** Optional participant data carried in key links. */
export interface Participant {
  startNumber?: string | null;
  name?: string | null;
}

/** The landing page's path: key links point here, and the app claims it (lib/adapters/landing/association.ts). */
export const KEY_LINK_PATH = "/redeem_key";
/** The public QR image endpoint (`generateKeyQrCode` in lib/adapters/api/operations.ts). */
export const QR_IMAGE_PATH = "/api/starters/actions/generate_key_qrcode";

/** RFC 3986 strict: encodeURIComponent leaves ! ' ( ) * alone, and ' can end an HTML attribute. */
export const encodeComponent = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `&startNumber=..&name=..`, each only when given. */
const participantParams = (participant: Participant): string =>
  (participant.startNumber ? `&startNumber=${encodeComponent(participant.startNumber)}` : "") +
  (participant.name ? `&name=${encodeComponent(participant.name)}` : "");

/**
 * `key=..&startNumber=..&name=..` with every value percent-encoded:
 * spaces become %20, not "+", which iOS's URLComponents would keep as a literal plus.
 */
export const keyQuery = (key: string, participant: Participant = {}): string =>
  `key=${encodeComponent(key)}${participantParams(participant)}`;

/** The key link `${PUBLIC_URL}/redeem_key?key=KEY[&startNumber=..][&name=..]`. */
export const keyLink = (publicUrl: string, key: string, participant: Participant = {}): string =>
  `${publicUrl}${KEY_LINK_PATH}?${keyQuery(key, participant)}`;

/** An event's passcode link: a key link without participant data (keys and passcodes share one namespace). */
export const passcodeLink = (publicUrl: string, passcode: string): string => keyLink(publicUrl, passcode);

/** What the QR image endpoint draws; absent: its defaults (PNG, 300 pixels). */
export interface QrImage {
  format?: "png" | "svg";
  size?: number;
}

/**
 * The QR image URL of a key link: `origin` is PUBLIC_URL for URLs that leave the server (exports,
 * the API), or "" for a path on this server (the dashboard's own pages).
 */
export const qrCodeUrl = (origin: string, key: string, options: Participant & QrImage = {}): string =>
  `${origin}${QR_IMAGE_PATH}?${keyQuery(key, options)}` +
  (options.format ? `&format=${options.format}` : "") +
  (options.size ? `&size=${options.size}` : "");

/**
 * An event's logo (`getEventLogo` in lib/adapters/api/operations.ts), versioned by its hash so that
 * the URL of one image never changes meaning and can be cached for good: `origin` as for `qrCodeUrl`.
 */
export const eventLogoUrl = (origin: string, eventId: string, version: string): string =>
  `${origin}/api/events/${encodeComponent(eventId)}/logo?v=${encodeComponent(version)}`;

/**
 * The landing page again with a visitor's query as sent (any of key, startNumber, name), ending in
 * `lang=`: a language code completes it. Built once, it serves a whole menu of languages.
 */
export function landingPageLangPrefix({ key, ...participant }: Participant & { key?: string }): string {
  const query = key ? keyQuery(key, participant) : participantParams(participant).slice(1);
  return `${KEY_LINK_PATH}?${query ? `${query}&` : ""}lang=`;
}

/** The landing page again with a visitor's query as sent (any of key, startNumber, name), in `lang`. */
export const landingPageHref = (query: Participant & { key?: string }, lang: string): string =>
  `${landingPageLangPrefix(query)}${encodeComponent(lang)}`;

/** What the hand-off links need of the app: the event's own or the configuration's (lib/domain/apps). */
export type AppLinkSettings = Pick<TrackingApp, "iosAppStoreId" | "androidPackage" | "urlScheme">;

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
  /** Android: the key link as an intent without a package, which in-app webviews hand to the phone's browser. */
  browser: string;
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
  return (
    `${intentOf(link)};package=${encodeComponent(androidPackage)}` +
    `;S.browser_fallback_url=${encodeComponent(fallbackUrl)};end`
  );
}

/**
 * `intent://<host>/<path>?<query>#Intent;scheme=..;action=android.intent.action.VIEW;end`: no
 * package, so Android opens the link where any tapped web link goes (the browser, or an app that
 * verified the domain), out of a webview that would keep it.
 */
export const browserIntentUrl = (link: string): string => `${intentOf(link)};action=android.intent.action.VIEW;end`;

/** `intent://<host>/<path>?<query>#Intent;scheme=<scheme>`: the link's data URI, its scheme apart. */
function intentOf(link: string): string {
  const scheme = new URL(link).protocol.slice(0, -1);
  return `intent://${link.slice(scheme.length + 3)}#Intent;scheme=${encodeComponent(scheme)}`;
}

export function landingLinks(
  publicUrl: string,
  app: AppLinkSettings,
  key: string,
  participant: Participant = {},
): LandingLinks {
  const link = keyLink(publicUrl, key, participant);
  const play = playStoreUrl(app.androidPackage, key, participant);
  return {
    keyLink: link,
    appLink: `${app.urlScheme}://redeem_key?${keyQuery(key, participant)}`,
    appStore: appStoreUrl(app.iosAppStoreId),
    play,
    intent: intentUrl(link, app.androidPackage, play),
    safari: `x-safari-${link}`,
    browser: browserIntentUrl(link),
  };
}

/** Where an invitee accepts an invitation (the secret is in the path, never in logs: see docs). */
export const INVITE_PATH = "/invite";
export const invitationLink = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, "")}${INVITE_PATH}/${token}`;
