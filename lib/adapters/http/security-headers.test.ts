import { describe, expect, it } from "vitest";
import { dashboardPageHeaders, htmlPageHeaders, newNonce } from "./security-headers";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("security headers of HTML pages", () => {
  it("dashboard pages: scripts only with the nonce, nothing inline otherwise, no framing, no sniffing", () => {
    const headers = dashboardPageHeaders("abc123", { publicUrl: "http://localhost:3000", development: false });
    const policy = directives(headers["Content-Security-Policy"]!);
    expect(policy.get("script-src")).toEqual(["'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "same-origin",
    });
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(headers["Content-Security-Policy"]).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it("HSTS and upgraded subresources only with an https public origin", () => {
    const headers = dashboardPageHeaders("n", { publicUrl: "https://keys.example.com", development: false });
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(directives(headers["Content-Security-Policy"]!).has("upgrade-insecure-requests")).toBe(true);
    expect(htmlPageHeaders("https://keys.example.com")["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(htmlPageHeaders("http://keys.example.com")["Strict-Transport-Security"]).toBeUndefined();
  });

  it("allows eval only to React's development build", () => {
    const policy = directives(
      dashboardPageHeaders("n", { publicUrl: "http://localhost:3000", development: true })["Content-Security-Policy"]!,
    );
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
  });

  it("a new nonce every time, in CSP's base64 alphabet", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/_-]{22,}=*$/);
  });
});
