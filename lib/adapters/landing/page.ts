import type { EventState } from "@/lib/domain/events/state";
import { MAX_KEY_INPUT } from "@/lib/domain/keys/code";
import { KEY_LINK_PATH, landingPageHref, type LandingLinks, type Participant } from "@/lib/domain/links";
import type { Visitor } from "./classify";
import type { LandingData } from "./client/redeem-page";
import { REDEEM_PAGE_SCRIPT } from "./client/redeem-page.min";
import { escapeHtml as h, scriptJson } from "./html";
import { ICON_DATA_URL } from "./icon";
import { LANGUAGES, MESSAGES, type Language, type Messages } from "./i18n";
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
    }
  | { kind: "ended"; eventName: string; endedAt: Date }
  | { kind: "form" | "unknown" | "malformed" | "unavailable" }
  | { kind: "limited"; retryAfterSeconds: number };

const STYLE = `:root{--ink:#14213d;--muted:#4a5568;--accent:#0b63ce;color:var(--ink);background:#fff;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
*{box-sizing:border-box}body{margin:0}
header,main{max-width:34rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;border-bottom:1px solid #d5dbe6}
.brand{font-weight:700;margin:0}a{color:var(--accent)}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0;overflow-wrap:anywhere}h2{font-size:1.15rem;margin:1.5rem 0 .25rem}
.muted,.note{color:var(--muted)}.note{font-size:.9rem}
.participant{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:.5rem 0}.participant dt{font-size:.85rem;color:var(--muted)}.participant dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.button{display:block;padding:.85rem 1rem;border-radius:.6rem;text-align:center;font-weight:600;text-decoration:none;border:2px solid var(--accent);margin:.75rem 0}
.primary{background:var(--accent);color:#fff}
.code{font:700 2.4rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.12em;margin:.25rem 0;user-select:all}
.hint{background:#fff8e1;border:2px solid #8a5a00;border-radius:.6rem;padding:.75rem 1rem}
.scripted{visibility:hidden}#copy-status{margin-left:.75rem}
nav a{display:inline-flex;align-items:center;justify-content:center;min-height:44px;min-width:44px;padding:0 .5rem}
.qr{margin:.5rem 0}.qr svg{display:block;width:100%;max-width:15rem;height:auto}
.badges{display:flex;flex-wrap:wrap;gap:.75rem}
.badge{background:#000;color:#fff;border-radius:.5rem;padding:.45rem 1rem;text-decoration:none;font-weight:600;line-height:1.2}.badge small{display:block;font-weight:400;font-size:.7rem}
button,input{font:inherit}
button{background:#fff;color:var(--accent);border:2px solid var(--accent);border-radius:.4rem;padding:.4rem .9rem;min-height:44px;min-width:44px;cursor:pointer}
form button{background:var(--accent);color:#fff}
label{display:block;font-weight:600}
input{display:block;width:100%;max-width:14rem;margin:.25rem 0 .75rem;padding:.5rem;border:2px solid var(--muted);border-radius:.4rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.4rem;letter-spacing:.1em;text-transform:uppercase}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
body:not([data-platform=ios]) .for-ios,body:not([data-platform=desktop]) .for-desktop{display:none}`;

/** The whole HTML document of the landing page, rendered on the server; works before any script runs. */
export function renderPage(ctx: PageContext, content: PageContent): string {
  const t = MESSAGES[ctx.lang];
  const isKey = content.kind === "key";
  const title = isKey
    ? t.joinTitle(content.eventName)
    : content.kind === "ended"
      ? t.endedTitle(content.eventName)
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
    `<!doctype html><html lang="${ctx.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">` +
    `<title>${h(title)} · ${h(ctx.appName)}</title><link rel="icon" href="${ICON_DATA_URL}">` +
    (isKey ? keyMeta(ctx, t, content, title) : "") +
    `<style nonce="${ctx.nonce}">${STYLE}</style></head>` +
    `<body data-platform="${platform}"${ctx.visitor.inApp ? ' data-inapp="true"' : ""}` +
    `${eventState ? ` data-event-state="${eventState}"` : ""}>` +
    `<header><p class="brand">${h(ctx.appName)}</p>${languageSwitch(ctx)}</header>` +
    `<main>${main}</main>` +
    (withScript ? script(ctx, t, content) : "") +
    `</body></html>`
  );
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
  const description = h(t.description(ctx.appName));
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
    `<meta name="twitter:description" content="${description}">`
  );
}

function languageSwitch(ctx: PageContext): string {
  const links = LANGUAGES.filter((lang) => lang !== ctx.lang).map(
    (lang) =>
      `<a href="${h(landingPageHref(ctx.query, lang))}" hreflang="${lang}" lang="${lang}">${h(MESSAGES[lang].languageName)}</a>`,
  );
  return `<nav aria-label="${h(MESSAGES[ctx.lang].switchLabel)}">${links.join(" ")}</nav>`;
}

function participantList(t: Messages, participant: Participant): string {
  const rows: string[] = [];
  if (participant.startNumber)
    rows.push(`<div><dt>${h(t.startNumber)}</dt><dd>${h(participant.startNumber)}</dd></div>`);
  if (participant.name) rows.push(`<div><dt>${h(t.name)}</dt><dd>${h(participant.name)}</dd></div>`);
  return rows.length ? `<dl class="participant">${rows.join("")}</dl>` : "";
}

function keyMain(ctx: PageContext, t: Messages, content: KeyContent, withScript: boolean): string {
  const { visitor } = ctx;
  const { links } = content;
  const showIos = !visitor.bot && (visitor.platform === "ios" || visitor.mayBeIpad);
  const showAndroid = !visitor.bot && visitor.platform === "android";
  const showDesktop = visitor.bot || visitor.platform === "desktop";
  let body = `<h1>${h(content.eventName)}</h1><p>${h(t.joinLead(ctx.appName))}</p>${participantList(t, content.participant)}`;
  if (visitor.inApp && visitor.platform !== "desktop") {
    // In-app browsers block the app and the stores: the one way on is the phone's own browser.
    const [href, label] =
      visitor.platform === "ios" ? [links.safari, t.openInSafari] : [links.browser, t.openInBrowser];
    body += `<p class="hint">${h(t.inAppHint(ctx.appName))}</p><a class="button primary" href="${h(href)}">${h(label)}</a>`;
  } else {
    if (showIos) {
      // Safari goes on to the App Store by itself unless the visitor acts. The note keeps its space
      // when the script shows or hides it: nothing may move under a finger.
      body +=
        `<div class="for-ios"><a class="button primary" href="${h(links.appLink)}" data-open-app>${h(t.openInApp(ctx.appName))}</a>` +
        `<a class="button" href="${h(links.appStore)}" data-copy-link>${h(t.getOnAppStore)}</a>` +
        `<p class="note">${h(t.clipboardNote)}</p><p class="note scripted" data-auto-store>${h(t.autoStoreNote)}</p></div>`;
    }
    if (showAndroid) {
      body +=
        `<a class="button primary" href="${h(links.intent)}" data-open-app data-auto-open>${h(t.openInApp(ctx.appName))}</a>` +
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
  body += `<p class="note">${h(t.typeKeyHint(ctx.appName))}</p></section>`;
  if (showDesktop) {
    body +=
      `<p class="for-desktop">${h(t.installFirst(ctx.appName))}</p><p class="badges for-desktop">` +
      `<a class="badge" href="${h(links.appStore)}"><small>${h(t.downloadOn)}</small>App Store</a>` +
      `<a class="badge" href="${h(links.play)}"><small>${h(t.getItOn)}</small>Google Play</a></p>`;
  }
  return body;
}

type EndedContent = Extract<PageContent, { kind: "ended" }>;

/** Past its redeem grace period: nothing to install or open, no forward; the date in the page's language. */
function endedMain(ctx: PageContext, t: Messages, content: EndedContent): string {
  const date = new Intl.DateTimeFormat(ctx.lang, { dateStyle: "long", timeZone: "UTC" }).format(content.endedAt);
  return `<h1>${h(content.eventName)}</h1><p>${h(t.endedLead(date, ctx.appName))}</p>`;
}

function formMain(ctx: PageContext, t: Messages, content: Exclude<PageContent, KeyContent | EndedContent>): string {
  if (content.kind === "limited") {
    const minutes = Math.max(1, Math.ceil(content.retryAfterSeconds / 60));
    return `<h1>${h(t.limitedTitle)}</h1><p>${h(t.limitedLead(minutes))}</p>`;
  }
  if (content.kind === "unavailable") {
    return `<h1>${h(t.unavailableTitle)}</h1><p>${h(t.unavailableLead)}</p><a class="button" href="${h(landingPageHref(ctx.query, ctx.lang))}">${h(t.reload)}</a>`;
  }
  const lead = { form: t.formLead(ctx.appName), unknown: t.unknownLead, malformed: t.malformedLead }[content.kind];
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
