import { describe, expect, it } from "vitest";
import { keyLink, landingPageHref, landingPageLangPrefix, passcodeLink, qrCodeUrl } from "./index";

describe("keyLink", () => {
  it("is the RACEMAP key link on the configured origin", () => {
    expect(keyLink("https://racemap.app", "6G615L")).toBe("https://racemap.app/redeem_key?key=6G615L");
    expect(keyLink("https://racemap.app", "6G615L", { startNumber: "1", name: "Peter" })).toBe(
      "https://racemap.app/redeem_key?key=6G615L&startNumber=1&name=Peter",
    );
  });

  it("percent-encodes every value so hostile input cannot add parameters or markup", () => {
    const link = keyLink("https://x.test", "ABCDEF", {
      startNumber: "7&key=EVIL00",
      name: `"><script>alert(1)</script> Zoë 🏃 O'Brien+`,
    });
    const url = new URL(link);
    expect(url.searchParams.getAll("key")).toEqual(["ABCDEF"]);
    expect(url.searchParams.get("startNumber")).toBe("7&key=EVIL00");
    expect(url.searchParams.get("name")).toBe(`"><script>alert(1)</script> Zoë 🏃 O'Brien+`);
    expect(link).not.toMatch(/[<>"' ]/);
    expect(link).toContain("%20"); // not "+", which iOS URLComponents keeps literally
  });

  it("leaves out empty participant fields and keeps leading zeros", () => {
    expect(keyLink("https://x.test", "ABCDEF", { startNumber: "", name: null })).toBe(
      "https://x.test/redeem_key?key=ABCDEF",
    );
    expect(keyLink("https://x.test", "ABCDEF", { startNumber: "02" })).toBe(
      "https://x.test/redeem_key?key=ABCDEF&startNumber=02",
    );
  });
});

describe("qrCodeUrl", () => {
  it("points at the public QR endpoint with the same parameters", () => {
    expect(qrCodeUrl("https://x.test", "ABCDEF", { name: "A B" })).toBe(
      "https://x.test/api/starters/actions/generate_key_qrcode?key=ABCDEF&name=A%20B",
    );
  });

  it("is a path on this server without an origin, with the image's format and size", () => {
    expect(qrCodeUrl("", "ABCDEF", { size: 1024 })).toBe(
      "/api/starters/actions/generate_key_qrcode?key=ABCDEF&size=1024",
    );
    expect(qrCodeUrl("", "ABCDEF", { format: "svg", size: 160 })).toBe(
      "/api/starters/actions/generate_key_qrcode?key=ABCDEF&format=svg&size=160",
    );
  });
});

describe("passcodeLink", () => {
  it("is the key link of the passcode", () => {
    expect(passcodeLink("https://racemap.app", "6G615L")).toBe("https://racemap.app/redeem_key?key=6G615L");
  });
});

describe("landingPageHref", () => {
  it("carries what the visitor sent, and the language", () => {
    expect(landingPageHref({ key: "k84n2", startNumber: "7", name: "A B" }, "de")).toBe(
      "/redeem_key?key=k84n2&startNumber=7&name=A%20B&lang=de",
    );
    expect(landingPageHref({ name: "Zoë" }, "en")).toBe("/redeem_key?name=Zo%C3%AB&lang=en");
    expect(landingPageHref({}, "fr")).toBe("/redeem_key?lang=fr");
  });

  it("leaves the language open for a menu of languages, the query encoded once", () => {
    expect(landingPageLangPrefix({ key: "k84n2", name: "O'Brien & Co" })).toBe(
      "/redeem_key?key=k84n2&name=O%27Brien%20%26%20Co&lang=",
    );
    expect(landingPageLangPrefix({})).toBe("/redeem_key?lang=");
  });
});
