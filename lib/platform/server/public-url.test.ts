import { describe, expect, it } from "vitest";
import { foreignHostOf } from "./public-url";

const config = { PUBLIC_URL: "http://localhost:4400" };
const of = (headers: Record<string, string>, publicUrl = config.PUBLIC_URL) =>
  foreignHostOf(new Headers(headers), { PUBLIC_URL: publicUrl });

describe("foreignHostOf", () => {
  it("is nothing for PUBLIC_URL's host, in any case, with or without the default port", () => {
    expect(of({ host: "localhost:4400" })).toBeUndefined();
    expect(of({ host: "LocalHost:4400" })).toBeUndefined();
    expect(of({ host: "keys.example.com" }, "https://keys.example.com")).toBeUndefined();
    expect(
      of({ host: "keys.example.com:443", "x-forwarded-proto": "https" }, "https://keys.example.com"),
    ).toBeUndefined();
    expect(of({})).toBeUndefined();
  });

  it("names the origin the request was sent to when the host differs", () => {
    expect(of({ host: "127.0.0.1:4400" })).toEqual({
      publicUrl: "http://localhost:4400",
      requested: "http://127.0.0.1:4400",
    });
    expect(of({ host: "localhost:3000" })?.requested).toBe("http://localhost:3000");
  });

  it("takes the host as Next.js does: X-Forwarded-Host (its first entry) before Host", () => {
    // A server action's redirect is rendered through Next.js's own request to localhost.
    expect(of({ host: "localhost:4400", "x-forwarded-host": "127.0.0.1:4400" })?.requested).toBe(
      "http://127.0.0.1:4400",
    );
    expect(
      of(
        { host: "app:3000", "x-forwarded-host": "keys.example.com, proxy", "x-forwarded-proto": "https" },
        "https://keys.example.com",
      ),
    ).toBeUndefined();
    expect(of({ host: "app:3000", "x-forwarded-host": "www.example.com", "x-forwarded-proto": "https" })).toEqual({
      publicUrl: "http://localhost:4400",
      requested: "https://www.example.com",
    });
  });
});
