/**
 * The page's one inline script, plain ES5 so the oldest in-app browsers run it. The page works
 * without it; it adds the clipboard copy, the forward to the store when the app does not take
 * over (after a tap, and on iOS also by itself), the automatic intent on Android, and the
 * iPad-in-desktop-mode switch. Its data comes from the `landing-data` JSON block.
 */
/** Long enough to read the page and tap "Open in …", which takes the key along on the clipboard. */
export const AUTO_STORE_DELAY_MS = 4000;

export const CLIENT_SCRIPT = `(function () {
  var body = document.body;
  var data = JSON.parse(document.getElementById("landing-data").textContent);
  // iPadOS asks for desktop sites with a Mac user agent; only its touch screen gives it away.
  if (data.mayBeIpad && navigator.maxTouchPoints > 1) body.setAttribute("data-platform", "ios");
  var store = body.getAttribute("data-platform") === "ios" ? data.appStore : data.play;
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  function copy(text) {
    try { navigator.clipboard.writeText(text).catch(function () {}); } catch (e) {}
  }
  // In-app browsers ignore the intent's fallback and Safari has none: go to the store unless the
  // app took over (the page was hidden) within 1.5 s.
  function forwardUnlessHidden() {
    var timer = setTimeout(function () { location.href = store; }, 1500);
    document.addEventListener("visibilitychange", function () { if (document.hidden) clearTimeout(timer); });
  }
  each("[data-copy-link]", function (el) { el.addEventListener("click", function () { copy(data.link); }); });
  each("[data-open-app]", function (el) {
    el.addEventListener("click", function () { copy(data.link); forwardUnlessHidden(); });
  });
  each("[data-copy-key]", function (el) {
    el.hidden = false;
    el.addEventListener("click", function () {
      copy(data.key);
      document.getElementById("copy-status").textContent = data.copied;
    });
  });
  // Once per tab and link, so coming back from the store does not send the visitor there again.
  function firstTime(link) {
    try {
      if (sessionStorage.getItem(link)) return false;
      sessionStorage.setItem(link, "1");
    } catch (e) {}
    return true;
  }
  var auto = document.querySelector("[data-auto-open]");
  if (auto && firstTime(data.link)) location.href = auto.href;
  // Safari on an iPhone: a tapped key link would have opened an installed app (universal link), so
  // the app is most likely missing. Go on to the App Store after a few seconds, unless the visitor
  // acts first (a tap copies the key on the way) or the page is hidden (the app took over).
  var note = document.querySelector("[data-auto-store]");
  if (note && body.getAttribute("data-platform") === "ios" && firstTime(data.link)) {
    note.hidden = false;
    var cancel = function () { clearTimeout(storeTimer); note.hidden = true; };
    var storeTimer = setTimeout(function () { cancel(); location.href = data.appStore; }, ${AUTO_STORE_DELAY_MS});
    ["pointerdown", "keydown", "touchstart"].forEach(function (type) { document.addEventListener(type, cancel, true); });
    document.addEventListener("visibilitychange", function () { if (document.hidden) cancel(); });
  }
})();`;
