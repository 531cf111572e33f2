import type { EventState } from "@/lib/domain/events/state";
import { MAX_KEY_INPUT } from "@/lib/domain/keys/code";
import {
  KEY_LINK_PATH,
  landingPageHref,
  landingPageLangPrefix,
  type LandingLinks,
  type Participant,
} from "@/lib/domain/links";
import type { Visitor } from "./classify";
import type { LandingData } from "./client/redeem-page";
import { REDEEM_PAGE_SCRIPT } from "./client/redeem-page.min";
import { escapeHtml as h, scriptJson } from "./html";
import { ICON_DATA_URL } from "./icon";
import { formatDate, inMinutes, LANGUAGES, MESSAGES, say, textDirection, type Language, type Messages } from "./i18n";
import { linkQrSvg } from "./qr";

/** The query as the visitor sent it: carried by the language switch and the form. */
export interface LandingQuery extends Participant {
  key?: string;
}

export interface PageContext {
  appName: string;
  appStoreId: string;
  visitor: Visitor;
  lang: Language;
  /** Chosen with the switch (`lang=`): kept when the form is sent. */
  langChosen: boolean;
  /** The CSP nonce of this response. */
  nonce: string;
  query: LandingQuery;
}

/** The event's branding as its page shows it (lib/domain/events/branding.ts); absent: the product's look. */
export interface PageBranding {
  /** `#rrggbb`, readable under white text. */
  accentColor: string | null;
  description: string | null;
  /** `path` on this server for the page, `url` under PUBLIC_URL for link previews; both versioned. */
  logo: { path: string; url: string; width: number; height: number } | null;
}

export type PageContent =
  | {
      kind: "key";
      eventName: string;
      /** An ended event has a page of its own. */
      eventState: Exclude<EventState, "ended">;
      codeKind: "key" | "passcode";
      /** Normalised. */
      key: string;
      /** Who the phone becomes by redeeming (`participantOnRedeem`): saved data first, the link's after. */
      participant: Participant;
      links: LandingLinks;
      branding?: PageBranding;
    }
  | { kind: "ended"; eventName: string; endedAt: Date }
  | { kind: "form" | "unknown" | "malformed" | "unavailable" }
  | { kind: "limited"; retryAfterSeconds: number };

// The language menu's summary shows a globe, the sign for "language" in any language, drawn in the
// text colour (a mask). Right to left (Arabic): the menu opens towards the page's start; an event's or
// participant's name keeps its own reading order (unicode-bidi: plaintext: "Run!" stays "Run!") and
// the page's alignment. Dark mode: an event's accent stays behind white text (it is dark enough for
// that), links and outlines take a light tint of it; the QR code keeps its own white quiet zone and
// a logo a white backing, so both read on a dark page.
export const LANDING_STYLE = `:root{--ink:#14213d;--muted:#4a5568;--accent:#0b63ce;--link:var(--accent);--bg:#fff;--line:#d5dbe6;--soft:#eef3fb;--hint:#fff8e1;--hint-line:#8a5a00;color:var(--ink);background:var(--bg);font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media(prefers-color-scheme:dark){:root{--ink:#e8edf5;--muted:#aab6c8;--link:color-mix(in srgb,var(--accent) 40%,#fff);--bg:#10161f;--line:#3a4658;--soft:#1f2a3a;--hint:#2e2410;--hint-line:#e0a93b}}
*{box-sizing:border-box}body{margin:0}
header,main{max-width:34rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;margin:0;display:flex;align-items:center;gap:.75rem}a{color:var(--link)}
.logo{height:3rem;width:auto;max-width:12rem;background:#fff}.description{white-space:pre-line;overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0;overflow-wrap:anywhere}h2{font-size:1.15rem;margin:1.5rem 0 .25rem}
.muted,.note{color:var(--muted)}.note{font-size:.9rem}
.participant{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:.5rem 0}.participant dt{font-size:.85rem;color:var(--muted)}.participant dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.button{display:block;padding:.85rem 1rem;border-radius:.6rem;text-align:center;font-weight:600;text-decoration:none;border:2px solid var(--link);margin:.75rem 0}
.primary,form button{background:var(--accent);border-color:var(--accent);color:#fff}
.code{font:700 2.4rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.12em;margin:.25rem 0;user-select:all}
.hint{background:var(--hint);border:2px solid var(--hint-line);border-radius:.6rem;padding:.75rem 1rem}
.scripted{visibility:hidden}#copy-status{margin-left:.75rem}
nav a{display:inline-flex;align-items:center;justify-content:center;min-height:44px;min-width:44px;padding:0 .5rem}
.qr{margin:.5rem 0}.qr svg{display:block;width:100%;max-width:15rem;height:auto}
.badges{display:flex;flex-wrap:wrap;gap:.75rem}
.badge{background:#000;color:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.45rem 1rem;text-decoration:none;font-weight:600;line-height:1.2}.badge small{display:block;font-weight:400;font-size:.7rem}
button,input{font:inherit}
button{background:var(--bg);color:var(--link);border:2px solid var(--link);border-radius:.4rem;padding:.4rem .9rem;min-height:44px;min-width:44px;cursor:pointer}
label{display:block;font-weight:600}
input{display:block;width:100%;max-width:14rem;margin:.25rem 0 .75rem;padding:.5rem;border:2px solid var(--muted);border-radius:.4rem;background:var(--bg);color:var(--ink);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.4rem;letter-spacing:.1em;text-transform:uppercase}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
h1,dd{unicode-bidi:plaintext;text-align:left}[dir=rtl] h1,[dir=rtl] dd{text-align:right}
.languages{position:relative}.languages summary{display:flex;align-items:center;gap:.4rem;min-width:44px;min-height:44px;padding:0 .5rem;color:var(--link);font-weight:600;cursor:pointer;list-style:none}.languages summary::-webkit-details-marker{display:none}.languages summary::before{--globe:url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20' fill='none' stroke='%23000' stroke-width='1.5'%3E%3Ccircle cx='10' cy='10' r='8.25'/%3E%3Cpath d='M1.75 10h16.5M10 1.75c-4.4 4.6-4.4 11.9 0 16.5M10 1.75c4.4 4.6 4.4 11.9 0 16.5'/%3E%3C/svg%3E");content:"";width:20px;height:20px;background:currentColor;-webkit-mask:var(--globe);mask:var(--globe)}
.languages ul{position:absolute;right:0;top:100%;z-index:1;display:grid;grid-template-columns:1fr 1fr;min-width:16rem;margin:.25rem 0 0;padding:.25rem;list-style:none;background:var(--bg);border:1px solid var(--line);border-radius:.6rem;box-shadow:0 .5rem 1.5rem rgba(20,33,61,.18)}[dir=rtl] .languages ul{right:auto;left:0}
.languages a{display:flex;align-items:center;min-height:44px;padding:0 .75rem;border-radius:.4rem;text-decoration:none}.languages a[aria-current]{font-weight:700;background:var(--soft)}
body:not([data-platform=ios]) .for-ios,body:not([data-platform=desktop]) .for-desktop{display:none}`;

/** The whole HTML document of the landing page, rendered on the server; works before any script runs. */
export function renderPage(ctx: PageContext, content: PageContent): string {
  const t = MESSAGES[ctx.lang];
  const isKey = content.kind === "key";
  const title = isKey
    ? say(t, "joinTitle", { event: content.eventName })
    : content.kind === "ended"
      ? say(t, "endedTitle", { event: content.eventName })
      : headingOf(t, content.kind);
  const withScript = isKey && !ctx.visitor.bot;
  const main = isKey
    ? keyMain(ctx, t, content, withScript)
    : content.kind === "ended"
      ? endedMain(ctx, t, content)
      : formMain(ctx, t, content);
  const platform = ctx.visitor.bot ? "bot" : ctx.visitor.platform;
  const eventState = isKey ? content.eventState : content.kind === "ended" ? "ended" : undefined;
  return (
    `<!doctype html><html lang="${ctx.lang}" dir="${textDirection(ctx.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark">` +
    `<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">` +
    `<title>${h(title)} · ${h(ctx.appName)}</title><link rel="icon" href="${ICON_DATA_URL}">` +
    (isKey ? keyMeta(ctx, t, content, title) : "") +
    `<style nonce="${ctx.nonce}">${LANDING_STYLE}${accentStyle(content)}</style></head>` +
    `<body data-platform="${platform}"${ctx.visitor.inApp ? ' data-inapp="true"' : ""}` +
    `${eventState ? ` data-event-state="${eventState}"` : ""}>` +
    `<header><p class="brand">${logoImage(content)}${h(ctx.appName)}</p>${languageMenu(ctx)}</header>` +
    `<main>${main}</main>` +
    (withScript ? script(ctx, t, content) : "") +
    `</body></html>`
  );
}

/** The event's accent for buttons and links: a later `--accent` wins over the default above. */
const accentStyle = (content: PageContent): string =>
  content.kind === "key" && content.branding?.accentColor ? `:root{--accent:${h(content.branding.accentColor)}}` : "";

/** The event's logo in the header; width and height reserve its place, so nothing moves when it arrives. */
function logoImage(content: PageContent): string {
  if (content.kind !== "key" || !content.branding?.logo) return "";
  const { path, width, height } = content.branding.logo;
  return `<img class="logo" src="${h(path)}" alt="${h(content.eventName)}" width="${width}" height="${height}">`;
}

function headingOf(t: Messages, kind: Exclude<PageContent["kind"], "key" | "ended">): string {
  return {
    form: t.formTitle,
    unknown: t.unknownTitle,
    malformed: t.malformedTitle,
    limited: t.limitedTitle,
    unavailable: t.unavailableTitle,
  }[kind];
}

type KeyContent = Extract<PageContent, { kind: "key" }>;

/** Smart App Banner for iPhones (and iPads posing as Macs), Open Graph and Twitter card tags for previews. */
function keyMeta(ctx: PageContext, t: Messages, content: KeyContent, title: string): string {
  const { visitor } = ctx;
  const { branding } = content;
  // One line in previews: the description's line breaks become spaces.
  const description = h(branding?.description?.replace(/\s+/g, " ") ?? say(t, "description", { app: ctx.appName }));
  const logo = branding?.logo;
  const image = logo
    ? `<meta property="og:image" content="${h(logo.url)}"><meta property="og:image:type" content="image/png">` +
      `<meta property="og:image:width" content="${logo.width}"><meta property="og:image:height" content="${logo.height}">` +
      `<meta property="og:image:alt" content="${h(content.eventName)}"><meta name="twitter:image" content="${h(logo.url)}">`
    : "";
  const banner =
    !visitor.bot && (visitor.platform === "ios" || visitor.mayBeIpad)
      ? `<meta name="apple-itunes-app" content="app-id=${h(ctx.appStoreId)}, app-argument=${h(content.links.keyLink)}">`
      : "";
  return (
    banner +
    `<meta name="description" content="${description}">` +
    `<meta property="og:type" content="website"><meta property="og:site_name" content="${h(ctx.appName)}">` +
    `<meta property="og:title" content="${h(title)}"><meta property="og:description" content="${description}">` +
    `<meta property="og:url" content="${h(content.links.keyLink)}">` +
    `<meta name="twitter:card" content="summary"><meta name="twitter:title" content="${h(title)}">` +
    `<meta name="twitter:description" content="${description}">` +
    image
  );
}

/** Where each link of the language menu starts with the visitor's query (never in our own text). */
const QUERY_MARK = "\u0000";

/**
 * The language menu: a `<details>` disclosure, so it opens without a script. Each language is a link
 * to this page again with the visitor's key, startNumber and name and `lang=`, named in its own
 * language. Per page language, all but the query is the same on every page: built once, split where
 * the query goes.
 */
const MENU_PIECES = Object.fromEntries(
  LANGUAGES.map((pageLang) => {
    const links = LANGUAGES.map((lang) => {
      const current = lang === pageLang ? ' aria-current="true"' : "";
      const name = h(MESSAGES[lang].languageName);
      return `<li><a href="${QUERY_MARK}${lang}" hreflang="${lang}" lang="${lang}" dir="${textDirection(lang)}"${current}>${name}</a></li>`;
    });
    const t = MESSAGES[pageLang];
    const menu =
      `<nav aria-label="${h(t.switchLabel)}"><details class="languages"><summary>${h(t.languageName)}</summary>` +
      `<ul>${links.join("")}</ul></details></nav>`;
    return [pageLang, menu.split(QUERY_MARK)];
  }),
) as Record<Language, string[]>;

function languageMenu(ctx: PageContext): string {
  return MENU_PIECES[ctx.lang].join(h(landingPageLangPrefix(ctx.query)));
}

export function participantList(t: Messages, participant: Participant): string {
  const rows: string[] = [];
  if (participant.startNumber)
    rows.push(`<div><dt>${h(t.startNumber)}</dt><dd>${h(participant.startNumber)}</dd></div>`);
  if (participant.name) rows.push(`<div><dt>${h(t.name)}</dt><dd>${h(participant.name)}</dd></div>`);
  return rows.length ? `<dl class="participant">${rows.join("")}</dl>` : "";
}

function keyMain(ctx: PageContext, t: Messages, content: KeyContent, withScript: boolean): string {
  const { visitor } = ctx;
  const { links } = content;
  const app = { app: ctx.appName };
  const showIos = !visitor.bot && (visitor.platform === "ios" || visitor.mayBeIpad);
  const showAndroid = !visitor.bot && visitor.platform === "android";
  const showDesktop = visitor.bot || visitor.platform === "desktop";
  const description = content.branding?.description;
  let body =
    `<h1>${h(content.eventName)}</h1>` +
    (description ? `<p class="description">${h(description)}</p>` : "") +
    `<p>${h(say(t, "joinLead", app))}</p>${participantList(t, content.participant)}`;
  if (visitor.inApp && visitor.platform !== "desktop") {
    // In-app browsers block the app and the stores: the one way on is the phone's own browser.
    const [href, label] =
      visitor.platform === "ios" ? [links.safari, t.openInSafari] : [links.browser, t.openInBrowser];
    body += `<p class="hint">${h(say(t, "inAppHint", app))}</p><a class="button primary" href="${h(href)}">${h(label)}</a>`;
  } else {
    if (showIos) {
      // Safari goes on to the App Store by itself unless the visitor acts. The note keeps its space
      // when the script shows or hides it: nothing may move under a finger.
      body +=
        `<div class="for-ios"><a class="button primary" href="${h(links.appLink)}" data-open-app>${h(say(t, "openInApp", app))}</a>` +
        `<a class="button" href="${h(links.appStore)}" data-copy-link>${h(t.getOnAppStore)}</a>` +
        `<p class="note">${h(t.clipboardNote)}</p><p class="note scripted" data-auto-store>${h(t.autoStoreNote)}</p></div>`;
    }
    if (showAndroid) {
      body +=
        `<a class="button primary" href="${h(links.intent)}" data-open-app data-auto-open>${h(say(t, "openInApp", app))}</a>` +
        `<a class="button" href="${h(links.play)}" data-copy-link>${h(t.getOnPlay)}</a>`;
    }
  }
  // On a desktop the phone's camera is the way on: the QR code comes first, the key to type second.
  if (showDesktop && !visitor.bot) {
    body +=
      `<section class="for-desktop" aria-labelledby="phone-heading"><h2 id="phone-heading">${h(t.continueOnPhone)}</h2>` +
      `<figure class="qr">${linkQrSvg(links.keyLink, h(t.qrLabel))}<figcaption>${h(t.scanWithCamera)}</figcaption></figure></section>`;
  }
  const isKey = content.codeKind === "key";
  body += `<section aria-labelledby="key-heading"><h2 id="key-heading">${h(isKey ? t.yourKey : t.eventPasscode)}</h2>`;
  body += `<p class="code">${h(content.key)}</p>`;
  if (withScript) {
    body += `<p><button type="button" class="scripted" data-copy-key>${h(isKey ? t.copyKey : t.copyPasscode)}</button><span id="copy-status" role="status"></span></p>`;
  }
  body += `<p class="note">${h(say(t, "typeKeyHint", app))}</p></section>`;
  if (showDesktop) {
    body +=
      `<p class="for-desktop">${h(say(t, "installFirst", app))}</p><p class="badges for-desktop">` +
      `<a class="badge" href="${h(links.appStore)}"><small>${h(t.downloadOn)}</small>App Store</a>` +
      `<a class="badge" href="${h(links.play)}"><small>${h(t.getItOn)}</small>Google Play</a></p>`;
  }
  return body;
}

type EndedContent = Extract<PageContent, { kind: "ended" }>;

/** Past its redeem grace period: nothing to install or open, no forward; the date in the page's language. */
function endedMain(ctx: PageContext, t: Messages, content: EndedContent): string {
  const date = formatDate(ctx.lang, content.endedAt);
  return `<h1>${h(content.eventName)}</h1><p>${h(say(t, "endedLead", { date, app: ctx.appName }))}</p>`;
}

function formMain(ctx: PageContext, t: Messages, content: Exclude<PageContent, KeyContent | EndedContent>): string {
  if (content.kind === "limited") {
    const minutes = Math.max(1, Math.ceil(content.retryAfterSeconds / 60));
    return `<h1>${h(t.limitedTitle)}</h1><p>${h(say(t, "limitedLead", { wait: inMinutes(ctx.lang, minutes) }))}</p>`;
  }
  if (content.kind === "unavailable") {
    return `<h1>${h(t.unavailableTitle)}</h1><p>${h(t.unavailableLead)}</p><a class="button" href="${h(landingPageHref(ctx.query, ctx.lang))}">${h(t.reload)}</a>`;
  }
  const lead = { form: say(t, "formLead", { app: ctx.appName }), unknown: t.unknownLead, malformed: t.malformedLead }[
    content.kind
  ];
  const invalid = content.kind !== "form";
  const { key, startNumber, name } = ctx.query;
  const hidden = [
    startNumber ? `<input type="hidden" name="startNumber" value="${h(startNumber)}">` : "",
    name ? `<input type="hidden" name="name" value="${h(name)}">` : "",
    ctx.langChosen ? `<input type="hidden" name="lang" value="${ctx.lang}">` : "",
  ].join("");
  return (
    `<h1>${h(headingOf(t, content.kind))}</h1><p id="form-lead">${h(lead)}</p>${participantList(t, ctx.query)}` +
    `<form method="get" action="${KEY_LINK_PATH}"><label for="key">${h(t.keyLabel)}</label>` +
    `<input id="key" name="key" value="${h(key ?? "")}" required maxlength="${MAX_KEY_INPUT}" autocomplete="off" autocapitalize="characters" spellcheck="false"` +
    ` aria-describedby="key-help${invalid ? " form-lead" : ""}"${invalid ? ' aria-invalid="true"' : ""}>` +
    `<p class="note" id="key-help">${h(t.keyHelp)}</p>${hidden}<button type="submit">${h(t.submit)}</button></form>`
  );
}

function script(ctx: PageContext, t: Messages, content: KeyContent): string {
  const data: LandingData = {
    link: content.links.keyLink,
    key: content.key,
    appStore: content.links.appStore,
    play: content.links.play,
    mayBeIpad: ctx.visitor.mayBeIpad,
    copied: t.copied,
  };
  return (
    `<script type="application/json" id="landing-data" nonce="${ctx.nonce}">${scriptJson(data)}</script>` +
    `<script nonce="${ctx.nonce}">${REDEEM_PAGE_SCRIPT}</script>`
  );
}
