import { describe, expect, it } from "vitest";
import { bucketLabel, bucketsBetween, keySeries, percent, visitSeries } from "./stats";

describe("bucketsBetween", () => {
  it("lists every hour up to three days, with the empty ones", () => {
    expect(bucketsBetween(["2026-05-01T09", "2026-05-01T12", "2026-05-01T10"])).toEqual({
      granularity: "hour",
      buckets: ["2026-05-01T09", "2026-05-01T10", "2026-05-01T11", "2026-05-01T12"],
    });
  });

  it("switches to days beyond three days, across month ends", () => {
    const { granularity, buckets } = bucketsBetween(["2026-04-29T23", "2026-05-03T01"]);
    expect(granularity).toBe("day");
    expect(buckets).toEqual(["2026-04-29", "2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03"]);
  });

  it("runs up to the current hour when that is within three days of the last, never further", () => {
    expect(bucketsBetween(["2026-05-01T09"], "2026-05-01T12").buckets).toEqual([
      "2026-05-01T09",
      "2026-05-01T10",
      "2026-05-01T11",
      "2026-05-01T12",
    ]);
    expect(bucketsBetween(["2026-05-01T09"], "2026-05-20T12").buckets).toEqual(["2026-05-01T09"]);
    expect(bucketsBetween(["2026-05-01T09"], "2026-04-30T12").buckets).toEqual(["2026-05-01T09"]);
  });

  it("has no buckets without data", () => {
    expect(bucketsBetween([]).buckets).toEqual([]);
  });
});

describe("keySeries", () => {
  it("gives running totals of minted and used keys per bucket", () => {
    const series = keySeries({
      minted: [
        { hour: "2026-05-01T08", count: 200 },
        { hour: "2026-05-01T10", count: 50 },
      ],
      used: [{ hour: "2026-05-01T09", count: 30 }],
    });
    expect(series.buckets).toEqual(["2026-05-01T08", "2026-05-01T09", "2026-05-01T10"]);
    expect(series.minted).toEqual([200, 200, 250]);
    expect(series.used).toEqual([0, 30, 30]);
  });

  it("rolls hours up into days", () => {
    const series = keySeries({
      minted: [
        { hour: "2026-04-01T08", count: 100 },
        { hour: "2026-04-01T20", count: 100 },
      ],
      used: [{ hour: "2026-04-05T07", count: 10 }],
    });
    expect(series.granularity).toBe("day");
    expect(series.minted).toEqual([200, 200, 200, 200, 200]);
    expect(series.used).toEqual([0, 0, 0, 0, 10]);
  });
});

describe("visitSeries", () => {
  it("counts visits per platform and bucket, and the in-app share", () => {
    const series = visitSeries([
      { hour: "2026-05-01T09", platform: "ios", inApp: true, count: 3 },
      { hour: "2026-05-01T09", platform: "ios", inApp: false, count: 1 },
      { hour: "2026-05-01T11", platform: "android", inApp: false, count: 2 },
    ]);
    expect(series.buckets).toEqual(["2026-05-01T09", "2026-05-01T10", "2026-05-01T11"]);
    expect(series.byPlatform).toEqual({ ios: [4, 0, 0], android: [0, 0, 2], desktop: [0, 0, 0] });
    expect(series.totals.ios).toEqual({ visits: 4, inApp: 3 });
    expect([series.total, series.inApp]).toEqual([6, 3]);
    expect(percent(series.inApp, series.total)).toBe("50%");
    expect(percent(1, 0)).toBe("–");
  });
});

describe("bucketLabel", () => {
  it("shows hours with the date on the first and at midnight, days as dates", () => {
    expect(bucketLabel("2026-05-01T09", "hour", true)).toBe("1 May 09:00");
    expect(bucketLabel("2026-05-01T10", "hour")).toBe("10:00");
    expect(bucketLabel("2026-05-02T00", "hour")).toBe("2 May 00:00");
    expect(bucketLabel("2026-05-02", "day")).toBe("2 May");
  });
});
