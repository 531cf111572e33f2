import { describe, expect, it } from "vitest";
import { validTimeZone } from "./time-zone";

describe("organiser time zones", () => {
  it("accepts IANA zones and falls back to UTC", () => {
    expect(validTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(validTimeZone("Mars/Olympus")).toBe("UTC");
    expect(validTimeZone(undefined)).toBe("UTC");
  });
});
