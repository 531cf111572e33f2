import { describe, expect, it } from "vitest";
import { loadConfig } from "./index";

describe("loadConfig", () => {
  it("has working defaults for a fresh machine", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_URL).toBe("http://localhost:3000");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PGLITE_DIR).toBe(".data/pglite");
    expect(config.TRUST_PROXY).toBe(false);
  });

  it("points links at this machine's PORT when PUBLIC_URL is unset or empty", () => {
    expect(loadConfig({ PORT: "4400" }).PUBLIC_URL).toBe("http://localhost:4400");
    expect(loadConfig({ PORT: "4400", PUBLIC_URL: "" }).PUBLIC_URL).toBe("http://localhost:4400");
    expect(loadConfig({ PORT: "4400", PUBLIC_URL: "https://keys.example.com" }).PUBLIC_URL).toBe(
      "https://keys.example.com",
    );
  });

  it("normalises and validates", () => {
    const config = loadConfig({ PUBLIC_URL: "https://keys.example.com/", DATABASE_URL: "", TRUST_PROXY: "1" });
    expect(config.PUBLIC_URL).toBe("https://keys.example.com");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TRUST_PROXY).toBe(true);
    expect(() => loadConfig({ PUBLIC_URL: "ftp://x" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(loadConfig({}).TIME_ZONE).toBe("UTC");
    expect(loadConfig({ TIME_ZONE: "Europe/Berlin" }).TIME_ZONE).toBe("Europe/Berlin");
    expect(() => loadConfig({ TIME_ZONE: "Mars/Olympus" })).toThrow(/TIME_ZONE/);
  });

  it("leaves the demo password random unless a long enough one is set", () => {
    expect(loadConfig({}).DEMO_PASSWORD).toBeUndefined();
    expect(loadConfig({ DEMO_PASSWORD: "" }).DEMO_PASSWORD).toBeUndefined();
    expect(loadConfig({ DEMO_PASSWORD: "a test password" }).DEMO_PASSWORD).toBe("a test password");
    expect(() => loadConfig({ DEMO_PASSWORD: "short" })).toThrow(/DEMO_PASSWORD/);
  });
});
