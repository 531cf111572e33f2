import { describe, expect, it } from "vitest";
import { isoInTimeZone, isTimeZone, validTimeZone } from "./time-zone";

describe("organiser time zones", () => {
  it("accepts IANA zones and falls back to UTC", () => {
    expect(validTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(validTimeZone("Mars/Olympus")).toBe("UTC");
    expect(validTimeZone(undefined)).toBe("UTC");
  });
});

describe("export times", () => {
  it("writes local times of the zone with their offset, summer and winter, and knows zones", () => {
    const berlin = isoInTimeZone("Europe/Berlin");
    expect(berlin(new Date("2027-05-01T08:00:00.000Z"))).toBe("2027-05-01T10:00:00+02:00");
    expect(berlin(new Date("2027-01-01T23:30:05.000Z"))).toBe("2027-01-02T00:30:05+01:00");
    expect(isoInTimeZone("UTC")(new Date("2027-05-01T08:00:00.000Z"))).toBe("2027-05-01T08:00:00+00:00");
    expect(isoInTimeZone("Asia/Kolkata")(new Date("2027-05-01T08:00:00.000Z"))).toBe("2027-05-01T13:30:00+05:30");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
