import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KEY_ALPHABET } from "@/lib/domain/keys/code";
import { landingLinks, type AppLinkSettings } from "./index";

const PUBLIC_URL = "https://racemap.app";
const app: AppLinkSettings = { iosAppStoreId: "1061429592", androidPackage: "com.racemap.app", urlScheme: "racemap" };

const HOSTILE_NAME = `"><script>alert(1)</script> Zoë 🏃 O'Brien+;#Intent;end&key=EVIL00%41`;

/** Reads an intent URL the way Android's Intent.parseUri does: data URI, then `;`-separated, decoded values. */
function parseIntent(intent: string) {
  const [data, fragment, ...rest] = intent.split("#");
  expect(rest).toEqual([]);
  expect(fragment).toMatch(/^Intent;.*;end$/);
  const values = Object.fromEntries(
    fragment!
      .slice("Intent;".length, -";end".length)
      .split(";")
      .map((part) => {
        const eq = part.indexOf("=");
        return [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
      }),
  );
  return { data: new URL(data!.replace(/^intent:/, `${values.scheme}:`)), values };
}

const participantParams = (params: URLSearchParams) => ({
  key: params.getAll("key"),
  startNumber: params.get("startNumber"),
  name: params.get("name"),
});

describe("landingLinks", () => {
  it("builds the store, app and intent links of the configuration", () => {
    const links = landingLinks(PUBLIC_URL, app, "K84N2S", { startNumber: "1", name: "Peter" });
    expect(links).toEqual({
      keyLink: "https://racemap.app/redeem_key?key=K84N2S&startNumber=1&name=Peter",
      appLink: "racemap://redeem_key?key=K84N2S&startNumber=1&name=Peter",
      appStore: "https://apps.apple.com/app/id1061429592",
      play: "https://play.google.com/store/apps/details?id=com.racemap.app&referrer=key%3DK84N2S%26startNumber%3D1%26name%3DPeter",
      intent:
        "intent://racemap.app/redeem_key?key=K84N2S&startNumber=1&name=Peter#Intent;scheme=https;package=com.racemap.app;" +
        "S.browser_fallback_url=https%3A%2F%2Fplay.google.com%2Fstore%2Fapps%2Fdetails%3Fid%3Dcom.racemap.app%26referrer%3Dkey%253DK84N2S%2526startNumber%253D1%2526name%253DPeter;end",
      safari: "x-safari-https://racemap.app/redeem_key?key=K84N2S&startNumber=1&name=Peter",
      browser:
        "intent://racemap.app/redeem_key?key=K84N2S&startNumber=1&name=Peter#Intent;scheme=https;action=android.intent.action.VIEW;end",
    });
  });

  it("keeps the origin's scheme and port in the intent (development servers run on http)", () => {
    const { intent } = landingLinks("http://localhost:3000", app, "6G615L");
    const { data, values } = parseIntent(intent);
    expect(values.scheme).toBe("http");
    expect(data.href).toBe("http://localhost:3000/redeem_key?key=6G615L");
  });

  it("carries hostile startNumber and name intact through every layer of every link", () => {
    const keyArb = fc.string({ unit: fc.constantFrom(...KEY_ALPHABET), minLength: 6, maxLength: 6 });
    const textArb = fc.oneof(fc.constant(HOSTILE_NAME), fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }));
    fc.assert(
      fc.property(keyArb, textArb, textArb, (key, startNumber, name) => {
        const expected = { key: [key], startNumber, name };
        const links = landingLinks(PUBLIC_URL, app, key, { startNumber, name });
        for (const link of Object.values(links)) expect(link).not.toMatch(/[\s<>"'`\\]/);

        expect(participantParams(new URL(links.keyLink).searchParams)).toEqual(expected);
        expect(participantParams(new URL(links.appLink).searchParams)).toEqual(expected);
        expect(new URL(links.appLink).protocol).toBe("racemap:");
        expect(links.safari).toBe(`x-safari-${links.keyLink}`);

        const play = new URL(links.play);
        expect(play.searchParams.get("id")).toBe("com.racemap.app");
        expect(participantParams(new URLSearchParams(play.searchParams.get("referrer")!))).toEqual(expected);

        const { data, values } = parseIntent(links.intent);
        expect(data.href).toBe(links.keyLink);
        expect(values).toEqual({ scheme: "https", package: "com.racemap.app", "S.browser_fallback_url": links.play });

        const browser = parseIntent(links.browser);
        expect(browser.data.href).toBe(links.keyLink);
        expect(browser.values).toEqual({ scheme: "https", action: "android.intent.action.VIEW" });
      }),
    );
  });

  it("leaves out empty participant fields everywhere", () => {
    const links = landingLinks(PUBLIC_URL, app, "3Z2GPX", { startNumber: "", name: null });
    expect(links.keyLink).toBe("https://racemap.app/redeem_key?key=3Z2GPX");
    expect(links.play).toBe("https://play.google.com/store/apps/details?id=com.racemap.app&referrer=key%3D3Z2GPX");
  });
});
