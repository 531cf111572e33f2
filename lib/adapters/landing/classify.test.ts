import { describe, expect, it } from "vitest";
import { classify, type Platform } from "./classify";

type Row = [family: string, userAgent: string, platform: Platform, inApp: boolean];

/** Real user agents of every family the landing page treats differently. */
const BROWSERS: Row[] = [
  [
    "iPhone Safari",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "ios",
    false,
  ],
  [
    "iPhone Chrome",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1",
    "ios",
    false,
  ],
  [
    "iPad Safari",
    "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "ios",
    false,
  ],
  [
    "iPod touch",
    "Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
    "ios",
    false,
  ],
  [
    "Android Chrome",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "android",
    false,
  ],
  [
    "Samsung Internet",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "android",
    false,
  ],
  ["Firefox Android", "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", "android", false],
  [
    "Android tablet",
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "android",
    false,
  ],
  [
    "Huawei HarmonyOS",
    "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.13.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36",
    "android",
    false,
  ],
  [
    "Windows Chrome",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "desktop",
    false,
  ],
  [
    "Windows Edge",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
    "desktop",
    false,
  ],
  [
    "Mac Chrome",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "desktop",
    false,
  ],
  ["Linux Firefox", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "desktop", false],
  [
    "Instagram iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.26.94 (iPhone15,3; iOS 17_4_1; en_US; en; scale=3.00; 1290x2796; 587382546)",
    "ios",
    true,
  ],
  [
    "Instagram Android",
    "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 Instagram 325.0.0.35.91 Android (33/13; 450dpi; 1080x2177; samsung; SM-A536B; a53x; s5e8825; de_DE; 587125672)",
    "android",
    true,
  ],
  [
    "Facebook iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.40.109;FBBV/577426032;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/de_DE;FBOP/5;FBRV/579027405]",
    "ios",
    true,
  ],
  [
    "Facebook Android",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.121 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/459.0.0.50.109;]",
    "android",
    true,
  ],
  [
    "Messenger iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerLiteForiOS;FBAV/418.0.0.40.108;FBBV/504117658;FBDV/iPhone12,1;FBMD/iPhone;FBSN/iOS;FBSV/16.5;FBSS/2;FBCR/;FBID/phone;FBLC/en_US;FBOP/0]",
    "ios",
    true,
  ],
  [
    "Messenger Android",
    "Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.136 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/408.0.0.15.108;]",
    "android",
    true,
  ],
  [
    "LinkedIn iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.7396",
    "ios",
    true,
  ],
  [
    "LinkedIn Android",
    "Mozilla/5.0 (Linux; Android 12; SM-G973F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 [LinkedInApp]/4.1.906",
    "android",
    true,
  ],
  [
    "WeChat iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
    "ios",
    true,
  ],
  [
    "WeChat Android",
    "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230701 MMWEBID/2833 MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    "android",
    true,
  ],
  [
    "TikTok iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_33.2.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/de Region/DE ByteFullLocale/de-DE isDarkMode/0 WKWebView/1 RevealType/Dialog BytedanceWebview/d8a21c6",
    "ios",
    true,
  ],
  [
    "TikTok Android",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 Mobile Safari/537.36 trill_330604 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/33.6.4 ByteLocale/de ByteFullLocale/de Region/DE AppId/1233 Spark/1.4.6.3-bugfix AppVersion/33.6.4 BytedanceWebview/d8a21c6",
    "android",
    true,
  ],
  [
    "Snapchat iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.65.0.36 (like Safari/8617.2.4.10.8, panda)",
    "ios",
    true,
  ],
  [
    "Snapchat Android",
    "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.111 Mobile Safari/537.36 Snapchat/12.60.0.43 (SM-A125F; Android 12#A125FXXU3CWI1#31; gzip; )",
    "android",
    true,
  ],
  [
    "Line iOS",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.0.0",
    "ios",
    true,
  ],
  [
    "Line Android",
    "Mozilla/5.0 (Linux; Android 13; SO-51C Build/64.1.C.1.104; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Line/13.21.0/IAB",
    "android",
    true,
  ],
  [
    "Android WebView",
    "Mozilla/5.0 (Linux; Android 11; Pixel 4a Build/RQ3A.211001.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/96.0.4664.45 Mobile Safari/537.36",
    "android",
    true,
  ],
];

const BOTS: Array<[family: string, userAgent: string]> = [
  ["Slack", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
  ["WhatsApp Android", "WhatsApp/2.23.20.0 A"],
  ["WhatsApp iOS", "WhatsApp/2.24.8.78 i"],
  ["Facebook", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],
  ["X", "Twitterbot/1.0"],
  ["Telegram", "TelegramBot (like TwitterBot)"],
  ["Discord", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"],
  ["LinkedIn", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"],
  [
    "Google",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.60 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  ],
  ["Bing", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"],
  ["Skype", "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com"],
  [
    "iMessage",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
  ],
];

const MAC_SAFARI =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";

describe("classify", () => {
  it.each(BROWSERS)("%s", (_family, userAgent, platform, inApp) => {
    expect(classify(userAgent)).toMatchObject({ platform, inApp, bot: false });
  });

  it.each(BOTS)("%s preview bot", (_family, userAgent) => {
    expect(classify(userAgent).bot).toBe(true);
  });

  it("marks a Mac as a possible iPad in desktop mode, which the page settles by touch points", () => {
    expect(classify(MAC_SAFARI)).toEqual({ platform: "desktop", inApp: false, bot: false, mayBeIpad: true });
    const others = BROWSERS.filter(([family]) => family !== "Mac Chrome").map(([, ua]) => classify(ua).mayBeIpad);
    expect(others.every((mayBeIpad) => !mayBeIpad)).toBe(true);
  });

  it("treats a missing or blank user agent as a bot: every browser sends one", () => {
    for (const ua of [undefined, null, "", "   "]) {
      expect(classify(ua)).toEqual({ platform: "desktop", inApp: false, bot: true, mayBeIpad: false });
    }
  });

  it("classifies a 10 KB user agent quickly by its beginning", () => {
    const start = performance.now();
    const padded = classify(`${BROWSERS[0]![1]} ${"x".repeat(10_240)}`);
    const garbage = classify("\u0000<script>".repeat(1024));
    expect(performance.now() - start).toBeLessThan(100);
    expect(padded).toEqual({ platform: "ios", inApp: false, bot: false, mayBeIpad: false });
    expect(garbage.platform).toBe("desktop");
  });

  it("answers the same for a user agent it has seen before", () => {
    const first = classify(BOTS[0]![1]);
    expect(classify(BOTS[0]![1])).toBe(first);
  });
});
