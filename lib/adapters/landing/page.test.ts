import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { qrMatrix, renderSvg } from "@/lib/domain/qr/render";
import { landingLinks } from "@/lib/domain/links";
import type { Visitor } from "./classify";
import { LANGUAGES, MESSAGES, type Language } from "./i18n";
import { renderPage, type PageContent, type PageContext } from "./page";

const PUBLIC_URL = "https://racemap.app";
const app = { iosAppStoreId: "1061429592", androidPackage: "com.racemap.app", urlScheme: "racemap" };
const HOSTILE_NAME = `"><script>alert(1)</script> Zoë 🏃 O'Brien`;

const visitor = (platform: Visitor["platform"], more: Partial<Visitor> = {}): Visitor => ({
  platform,
  inApp: false,
  bot: false,
  mayBeIpad: false,
  ...more,
});

function render(v: Visitor, participant = { startNumber: "1", name: "Peter" }, lang: Language = "en") {
  const ctx: PageContext = {
    appName: "RACEMAP App",
    appStoreId: app.iosAppStoreId,
    visitor: v,
    lang,
    langChosen: false,
    nonce: "bm9uY2U=",
    query: { key: "k84n2s", ...participant },
  };
  const links = landingLinks(PUBLIC_URL, app, "K84N2S", participant);
  const content: PageContent = {
    kind: "key",
    eventName: "Easy QR Code Run",
    eventState: "live",
    codeKind: "key",
    key: "K84N2S",
    participant,
    links,
  };
  return { html: renderPage(ctx, content), links };
}

const amp = (url: string) => url.replaceAll("&", "&amp;");
/** The page without its inline script, whose selectors name the same attributes. */
const markup = (html: string) => html.replace(/<script nonce[^>]*>[\s\S]*?<\/script>/, "");
const scripts = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];
const scriptData = (html: string) =>
  JSON.parse(/<script type="application\/json" id="landing-data"[^>]*>(.*?)<\/script>/.exec(html)![1]!) as Record<
    string,
    unknown
  >;

describe("renderPage for a known key", () => {
  it("gives iPhones the Smart App Banner, the app, the App Store and the clipboard script", () => {
    const { html, links } = render(visitor("ios"));
    expect(html).toContain('<body data-platform="ios" data-event-state="live">');
    expect(html).toContain(
      `<meta name="apple-itunes-app" content="app-id=1061429592, app-argument=${amp(links.keyLink)}">`,
    );
    expect(html).toContain(
      `<a class="button primary" href="${amp(links.appLink)}" data-open-app>Open in RACEMAP App</a>`,
    );
    expect(html).toContain(`href="https://apps.apple.com/app/id1061429592" data-copy-link>Get it on the App Store</a>`);
    // Shown by the script when it starts the automatic forward to the App Store; its space is kept meanwhile.
    expect(html).toContain(
      '<p class="note scripted" data-auto-store>Without a tap, the App Store opens in a few seconds.</p>',
    );
    expect(html).toContain('<button type="button" class="scripted" data-copy-key>Copy key</button>');
    expect(scripts(html)).toEqual([
      '<script type="application/json" id="landing-data" nonce="bm9uY2U=">',
      '<script nonce="bm9uY2U=">',
    ]);
    expect(scriptData(html)).toMatchObject({
      link: links.keyLink,
      key: "K84N2S",
      appStore: links.appStore,
      mayBeIpad: false,
    });
    expect(html).not.toContain("intent://");
    expect(html).not.toContain("<svg");
  });

  it("gives Android the intent behind the primary button, followed automatically outside in-app browsers", () => {
    const { html, links } = render(visitor("android"));
    expect(html).toContain('<body data-platform="android" data-event-state="live">');
    expect(html).toContain(`href="${amp(links.intent)}" data-open-app data-auto-open>`);
    expect(html).toContain(`href="${amp(links.play)}" data-copy-link>Get it on Google Play</a>`);
    expect(html).not.toContain("apple-itunes-app");
  });

  it("gives Android in-app browsers one primary action: the phone's browser, and nothing that cannot work there", () => {
    const { html, links } = render(visitor("android", { inApp: true }));
    expect(html).toContain('<body data-platform="android" data-inapp="true" data-event-state="live">');
    expect(html).toContain(`<a class="button primary" href="${amp(links.browser)}">Open in your browser</a>`);
    expect(html.match(/class="button primary"/g)).toHaveLength(1);
    expect(markup(html)).not.toMatch(/data-open-app|data-auto-open|Open in RACEMAP App|intent:\/\/[^"]*package=/);
  });

  it("gives desktops the QR code of the exact key link, both store badges and the key", () => {
    const { html, links } = render(visitor("desktop"));
    expect(html).toContain('<body data-platform="desktop" data-event-state="live">');
    const svg = renderSvg(qrMatrix(links.keyLink), 240).replace(
      'role="img"',
      'role="img" aria-label="QR code of your key link"',
    );
    expect(html).toContain(`<figure class="qr">${svg}<figcaption>Scan with your phone’s camera</figcaption></figure>`);
    expect(html).toContain(`<a class="badge" href="${links.appStore}">`);
    expect(html).toContain(`<a class="badge" href="${amp(links.play)}">`);
    expect(html).toContain('<p class="code">K84N2S</p>');
    expect(html).not.toContain("apple-itunes-app");
    expect(markup(html)).not.toContain("data-open-app");
  });

  it("prepares the iOS experience for a Mac that may be an iPad in desktop mode", () => {
    const { html } = render(visitor("desktop", { mayBeIpad: true }));
    expect(html).toContain('<body data-platform="desktop" data-event-state="live">');
    expect(html).toContain('<div class="for-ios">');
    expect(html).toContain("apple-itunes-app");
    expect(scriptData(html).mayBeIpad).toBe(true);
  });

  it("tells in-app browsers on iPhones to open the browser, the Safari link of iOS 17 its one primary action", () => {
    const { html, links } = render(visitor("ios", { inApp: true }));
    expect(html).toContain('data-platform="ios" data-inapp="true"');
    expect(html).toContain(`<a class="button primary" href="${amp(links.safari)}">Open in Safari</a>`);
    expect(html.match(/class="button primary"/g)).toHaveLength(1);
    // In-app browsers block the app and the store hand-offs: nothing offers them.
    expect(markup(html)).not.toMatch(
      /data-open-app|data-auto-store|href="https:\/\/apps\.apple\.com|Open in RACEMAP App/,
    );
  });

  it("puts the QR code first on a desktop, the key to type second", () => {
    const { html } = render(visitor("desktop"));
    const qr = html.indexOf('<figure class="qr">');
    expect(qr).toBeGreaterThan(0);
    expect(qr).toBeLessThan(html.indexOf('<p class="code">'));
  });

  it("shows the participant the phone becomes, not the link's values, and calls a passcode's copy button so", () => {
    const ctx: PageContext = {
      appName: "RACEMAP App",
      appStoreId: app.iosAppStoreId,
      visitor: visitor("ios"),
      lang: "en",
      langChosen: false,
      nonce: "n",
      query: { key: "6G615L", startNumber: "7", name: "Somebody Else" },
    };
    const html = renderPage(ctx, {
      kind: "key",
      eventName: "Easy QR Code Run",
      eventState: "upcoming",
      codeKind: "passcode",
      key: "6G615L",
      participant: { startNumber: "101", name: "Jürgen Müller-Lüdenscheidt" },
      links: landingLinks(PUBLIC_URL, app, "6G615L", ctx.query),
    });
    expect(html).toContain('data-event-state="upcoming"');
    expect(html).toContain("<dd>101</dd>");
    expect(html).toContain("<dd>Jürgen Müller-Lüdenscheidt</dd>");
    expect(html).not.toContain("<dd>Somebody Else</dd>");
    expect(html).toContain(">Copy passcode</button>");
  });

  it("gives bots preview tags and text, without script, QR or forward", () => {
    const { html, links } = render(visitor("desktop", { bot: true }));
    expect(html).toContain('<body data-platform="bot" data-event-state="live">');
    expect(html).toContain('<meta property="og:title" content="Join Easy QR Code Run live tracking">');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).toContain(`<meta property="og:url" content="${amp(links.keyLink)}">`);
    expect(scripts(html)).toEqual([]);
    expect(html).not.toMatch(/data-auto-open|data-open-app|<svg|apple-itunes-app/);
  });

  it("shows startNumber and name as text and passes them on intact in the script data", () => {
    for (const platform of ["ios", "android", "desktop"] as const) {
      const { html, links } = render(visitor(platform), { startNumber: "0042", name: HOSTILE_NAME });
      expect(html).toContain("<dd>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Zoë 🏃 O&#39;Brien</dd>");
      expect(html).toContain("<dd>0042</dd>");
      expect(html).not.toContain("<script>alert");
      expect(scripts(html)).toHaveLength(2);
      expect(new URL(scriptData(html).link as string).searchParams.get("name")).toBe(HOSTILE_NAME);
      expect(links.keyLink).toContain(
        "name=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20Zo%C3%AB%20%F0%9F%8F%83%20O%27Brien",
      );
    }
  });

  it("speaks German with a menu of every language that keeps the query", () => {
    const { html } = render(visitor("ios"), { startNumber: "1", name: "Zoë" }, "de");
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain("In der RACEMAP App öffnen");
    expect(html).toContain("<title>Beim Live-Tracking von Easy QR Code Run dabei sein · RACEMAP App</title>");
    expect(html).toContain('<nav aria-label="Sprache"><details class="languages"><summary>Deutsch</summary><ul>');
    const menu = [
      ...html.matchAll(
        /<li><a href="([^"]*)" hreflang="(\w+)" lang="\2" dir="(\w+)"( aria-current="true")?>([^<]*)<\/a><\/li>/g,
      ),
    ];
    expect(menu.map(([, , lang]) => lang)).toEqual([...LANGUAGES]);
    for (const [, href, lang, dir, current, name] of menu) {
      expect(href).toBe(`/redeem_key?key=k84n2s&amp;startNumber=1&amp;name=Zo%C3%AB&amp;lang=${lang}`);
      expect(name).toBe(MESSAGES[lang as Language].languageName);
      expect(dir).toBe(lang === "ar" ? "rtl" : "ltr");
      expect(Boolean(current), lang).toBe(lang === "de");
    }
  });

  it("lays Arabic out right to left, with its own words and numbers", () => {
    const { html } = render(visitor("desktop"), { startNumber: "1", name: "Zoë" }, "ar");
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("<title>انضم إلى التتبع المباشر لفعالية Easy QR Code Run · RACEMAP App</title>");
    expect(html).toContain("<summary>العربية</summary>");
    expect(html).toContain('<h2 id="phone-heading">تابع على هاتفك</h2>');
    const limited = renderPage(
      {
        appName: "RACEMAP App",
        appStoreId: "1",
        visitor: visitor("ios"),
        lang: "ar",
        langChosen: true,
        nonce: "n",
        query: {},
      },
      { kind: "limited", retryAfterSeconds: 90 },
    );
    expect(limited).toContain("<p>وصلت من شبكتك مفاتيح غير معروفة كثيرة جدًا. حاول مرة أخرى خلال دقيقتين.</p>");
  });

  it.each(LANGUAGES)(
    "stays under 20 KB compressed for the heaviest page in %s: a desktop QR of a long link",
    (lang) => {
      const { html } = render(
        visitor("desktop", { mayBeIpad: true }),
        { startNumber: "12345", name: "Zoë 🏃 ".repeat(28) },
        lang,
      );
      expect(gzipSync(html).length).toBeLessThan(20 * 1024);
      // Only this language's words are in the page: each other language appears by its name in the menu alone.
      for (const other of LANGUAGES.filter((l) => l !== lang))
        expect(html).not.toContain(MESSAGES[other].continueOnPhone);
    },
  );
});

describe("renderPage for an ended event", () => {
  it("says when it ended, in the page's language, and offers nothing to open, install or wait for", () => {
    for (const [lang, text] of [
      ["en", "This event ended on March 2, 2025."],
      ["de", "Diese Veranstaltung endete am 2. März 2025."],
    ] as const) {
      for (const v of [visitor("ios"), visitor("android"), visitor("desktop"), visitor("ios", { inApp: true })]) {
        const html = renderPage(
          { appName: "RACEMAP App", appStoreId: "1", visitor: v, lang, langChosen: false, nonce: "n", query: {} },
          { kind: "ended", eventName: "Winter <Run>", endedAt: new Date("2025-03-02T12:00:00Z") },
        );
        expect(html).toContain(`data-event-state="ended"`);
        expect(html).toContain("<h1>Winter &lt;Run&gt;</h1>");
        expect(html).toContain(text);
        expect(scripts(html)).toEqual([]);
        expect(html).not.toMatch(/apps\.apple\.com|play\.google\.com|intent:|racemap:|x-safari|class="button|<svg/);
      }
    }
  });
});

describe("renderPage for the form pages", () => {
  const formPage = (kind: "form" | "unknown" | "malformed", query = {}, langChosen = false) =>
    renderPage(
      { appName: "RACEMAP App", appStoreId: "1", visitor: visitor("ios"), lang: "en", langChosen, nonce: "n", query },
      { kind },
    );

  it("is a GET form to the same page, carrying startNumber, name and a chosen language", () => {
    const html = formPage("unknown", { key: "ZZZZZZ", startNumber: "7", name: HOSTILE_NAME }, true);
    expect(html).toContain('<form method="get" action="/redeem_key"><label for="key">Key</label>');
    expect(html).toContain('name="key" value="ZZZZZZ"');
    expect(html).toContain('<input type="hidden" name="startNumber" value="7">');
    expect(html).toContain(
      '<input type="hidden" name="name" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Zoë 🏃 O&#39;Brien">',
    );
    expect(html).toContain('<input type="hidden" name="lang" value="en">');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("<h1>We don’t know this key</h1>");
    expect(scripts(html)).toEqual([]);
  });

  it("asks for a key without calling it wrong when none was given", () => {
    const html = formPage("form");
    expect(html).toContain("<h1>Enter your key</h1>");
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain('name="lang"');
  });

  it("escapes a hostile typed key in the input", () => {
    const html = formPage("malformed", { key: `"><img src=x onerror=alert(1)>` });
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).not.toContain("<img");
  });
});
