import { describe, expect, it } from "vitest";
import { formatDateTime, fromDateTimeLocal, toDateTimeLocal } from "./time";

describe("organiser time zones", () => {
  it("shows an instant on the organiser's wall clock", () => {
    const instant = new Date("2026-05-01T07:30:00Z");
    expect(toDateTimeLocal(instant, "Europe/Berlin")).toBe("2026-05-01T09:30");
    expect(toDateTimeLocal(instant, "America/New_York")).toBe("2026-05-01T03:30");
    expect(formatDateTime(instant, "Europe/Berlin")).toBe("1 May 2026, 09:30");
  });

  it("reads a datetime-local value in the zone, round-tripping", () => {
    expect(fromDateTimeLocal("2026-05-01T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-05-01T07:30:00.000Z");
    expect(fromDateTimeLocal("2026-01-15T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T08:30:00.000Z");
    expect(fromDateTimeLocal("2026-05-01T09:30", "UTC")?.toISOString()).toBe("2026-05-01T09:30:00.000Z");
    for (const value of ["2026-03-29T01:59", "2026-10-25T04:00", "2026-12-31T23:59"]) {
      expect(toDateTimeLocal(fromDateTimeLocal(value, "Europe/Berlin")!, "Europe/Berlin")).toBe(value);
    }
  });

  it("moves a time skipped by the spring DST change forward, and takes the first of a repeated one", () => {
    expect(fromDateTimeLocal("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(fromDateTimeLocal("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuses malformed values", () => {
    for (const value of ["", "tomorrow", "2026-02-30T10:00", "2026-05-01T25:00", "2026-05-01"]) {
      expect(fromDateTimeLocal(value, "Europe/Berlin")).toBeUndefined();
    }
  });
});
