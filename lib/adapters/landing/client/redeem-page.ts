/// <reference lib="dom" />
/**
 * The landing page's one inline script (the browser runs it; `npm run build:client` minifies it to
 * ES5 in ./redeem-page.min.ts, which the page inlines, so the oldest in-app browsers run it). The
 * page works without it; it adds the clipboard copy, the forward to the store when the app does not
 * take over (after a tap, and on iOS also by itself), the automatic intent on Android, and the
 * iPad-in-desktop-mode switch. Its data comes from the `landing-data` JSON block. What it shows
 * (class `scripted`) has its space kept from the start, so nothing on the page moves when it does.
 */

/** The `landing-data` JSON block that the server writes for this script (../page.ts). */
export interface LandingData {
  link: string;
  key: string;
  appStore: string;
  play: string;
  mayBeIpad: boolean;
  /** "Copied" in the page's language, for the status line. */
  copied: string;
}

/** Long enough to read the page and tap "Open in …", which takes the key along on the clipboard. */
const AUTO_STORE_DELAY_MS = 4000;

const body = document.body;
const data = JSON.parse(document.getElementById("landing-data")!.textContent!) as LandingData;
// iPadOS asks for desktop sites with a Mac user agent; only its touch screen gives it away.
if (data.mayBeIpad && navigator.maxTouchPoints > 1) body.setAttribute("data-platform", "ios");
const ios = body.getAttribute("data-platform") === "ios";
const store = ios ? data.appStore : data.play;

function each<E extends Element>(selector: string, fn: (element: E) => void): void {
  Array.prototype.forEach.call(document.querySelectorAll<E>(selector), fn);
}

function show(element: HTMLElement, shown: boolean): void {
  element.style.visibility = shown ? "visible" : "";
}

function copy(text: string): void {
  try {
    navigator.clipboard.writeText(text).catch(() => {});
  } catch {
    // No clipboard API (an old or insecure context): the key stays on the page to copy by hand.
  }
}

// In-app browsers ignore the intent's fallback and Safari has none: go to the store unless the
// app took over (the page was hidden) within 1.5 s.
function forwardUnlessHidden(): void {
  const timer = setTimeout(() => {
    location.href = store;
  }, 1500);
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer);
  });
}

each("[data-copy-link]", (element) => element.addEventListener("click", () => copy(data.link)));
each("[data-open-app]", (element) => {
  element.addEventListener("click", () => {
    copy(data.link);
    forwardUnlessHidden();
  });
});
// On an iPhone the clipboard is how a key crosses the App Store's installation, and the app takes
// it from the key link, which holds the key: copy the link there, the key itself elsewhere.
each<HTMLElement>("[data-copy-key]", (element) => {
  show(element, true);
  element.addEventListener("click", () => {
    copy(ios ? data.link : data.key);
    document.getElementById("copy-status")!.textContent = data.copied;
  });
});

// Once per tab and link, so coming back from the store does not send the visitor there again.
function firstTime(link: string): boolean {
  try {
    if (sessionStorage.getItem(link)) return false;
    sessionStorage.setItem(link, "1");
  } catch {
    // No session storage (a private mode): every visit counts as the first.
  }
  return true;
}

const auto = document.querySelector<HTMLAnchorElement>("[data-auto-open]");
if (auto && firstTime(data.link)) location.href = auto.href;

// Safari on an iPhone: a tapped key link would have opened an installed app (universal link), so
// the app is most likely missing. Go on to the App Store after a few seconds, unless the visitor
// acts first (a tap copies the key on the way) or the page is hidden (the app took over).
const note = document.querySelector<HTMLElement>("[data-auto-store]");
if (note && ios && firstTime(data.link)) {
  show(note, true);
  const cancel = () => {
    clearTimeout(storeTimer);
    show(note, false);
  };
  const storeTimer = setTimeout(() => {
    cancel();
    location.href = data.appStore;
  }, AUTO_STORE_DELAY_MS);
  for (const type of ["pointerdown", "keydown", "touchstart"]) document.addEventListener(type, cancel, true);
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) cancel();
  });
}
