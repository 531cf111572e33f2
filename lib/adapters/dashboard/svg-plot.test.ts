import { describe, expect, it } from "vitest";
import { escapeXml, labelEvery, niceScale, renderLineChart, renderStackedBarChart } from "./svg-plot";

const numbersOf = (attribute: string, svg: string) =>
  [...svg.matchAll(new RegExp(` ${attribute}="([-\\d.]+)"`, "g"))].map((m) => Number(m[1]));

describe("niceScale", () => {
  it("starts at zero and steps by 1, 2 or 5 times a power of ten, whole numbers only", () => {
    expect(niceScale(7)).toEqual({ max: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(250)).toEqual({ max: 300, step: 100, ticks: [0, 100, 200, 300] });
    expect(niceScale(100_000).ticks).toEqual([0, 50_000, 100_000]);
    expect(niceScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(3).ticks).toEqual([0, 1, 2, 3]);
  });
});

describe("labelEvery", () => {
  it("thins x labels to at most eight", () => {
    expect(labelEvery(5)).toBe(1);
    expect(labelEvery(8)).toBe(1);
    expect(labelEvery(9)).toBe(2);
    expect(labelEvery(72)).toBe(9);
  });
});

describe("renderLineChart", () => {
  const chart = renderLineChart({
    title: "Keys minted and used",
    description: "Running totals",
    xLabels: ["1 May", "2 May", "3 May"],
    series: [
      { label: "Minted", values: [100, 250, 250] },
      { label: "Used", values: [0, 40, 200] },
    ],
    width: 400,
    height: 200,
  });

  it("is an accessible SVG with title and description", () => {
    expect(chart).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 400 200" role="img" aria-labelledby="chart-keys-minted-and-used-title chart-keys-minted-and-used-desc"/,
    );
    expect(chart).toContain('<title id="chart-keys-minted-and-used-title">Keys minted and used</title>');
    expect(chart).toContain("<desc");
  });

  it("draws one polyline per series, scaled so the largest value reaches the top tick", () => {
    const lines = [...chart.matchAll(/<polyline [^>]*data-series="([^"]+)"[^>]*points="([^"]+)"/g)];
    expect(lines.map((l) => l[1])).toEqual(["Minted", "Used"]);
    const minted = lines[0]![2]!.split(" ").map((p) => p.split(",").map(Number) as [number, number]);
    const used = lines[1]![2]!.split(" ").map((p) => p.split(",").map(Number) as [number, number]);
    // Plot area: y from 12 (top, 300 on the nice scale) to 164 (zero); x from 56 to 384.
    expect(minted.map(([x]) => x)).toEqual([56, 220, 384]);
    expect(used[0]![1]).toBe(164);
    expect(minted[1]![1]).toBeCloseTo(164 - (250 / 300) * 152, 0);
    // Higher values are drawn higher up (smaller y).
    expect(used[2]![1]).toBeLessThan(used[1]![1]);
    expect(chart).toContain('stroke-dasharray="6 4"');
  });

  it("labels the y axis with the nice ticks and the x axis with the given labels", () => {
    for (const tick of ["0", "100", "200", "300"]) expect(chart).toContain(`>${tick}</text>`);
    for (const label of ["1 May", "2 May", "3 May"]) expect(chart).toContain(`>${label}</text>`);
  });

  it("draws a single bucket as one bar per series with its value, not as lone dots", () => {
    const one = renderLineChart({
      title: "One",
      description: "",
      xLabels: ["09:00"],
      series: [
        { label: "Minted", values: [250] },
        { label: "Used", values: [0] },
      ],
    });
    expect(one).not.toContain("<polyline");
    expect(one).not.toContain("<circle");
    const bars = [
      ...one.matchAll(/<rect class="bar" data-series="(\w+)" x="([\d.]+)" y="([\d.]+)" width="48" height="([\d.]+)"/g),
    ];
    expect(bars.map((b) => b[1])).toEqual(["Minted", "Used"]);
    expect(Number(bars[0]![4])).toBeGreaterThan(100);
    expect(Number(bars[1]![4])).toBe(0);
    expect(Number(bars[1]![2])).toBeGreaterThan(Number(bars[0]![2]) + 48);
    expect(one).toContain('class="value"');
    expect(one).toMatch(/>250<\/text>/);
    expect(one).toContain(">09:00</text>");
  });
});

describe("renderStackedBarChart", () => {
  const chart = renderStackedBarChart({
    title: "Visits",
    description: "By platform",
    xLabels: ["1 May", "2 May"],
    series: [
      { label: "iPhone", values: [3, 0] },
      { label: "Android", values: [1, 4] },
    ],
    width: 400,
    height: 200,
  });

  it("stacks the segments of each column, leaving out zeros", () => {
    const bars = [...chart.matchAll(/<rect class="bar" ([^>]*)>/g)].map((m) => m[1]!);
    expect(bars).toHaveLength(3);
    const heights = numbersOf("height", bars.join(" "));
    const ys = numbersOf("y", bars.join(" "));
    // Scale 0..4 over 152 px: 3 → 114 px, 1 → 38 px stacked on top, 4 → 152 px.
    expect(heights).toEqual([114, 38, 152]);
    expect(ys[1]! + heights[1]!).toBeCloseTo(ys[0]!, 5);
    expect(chart).toContain("<title>1 May, iPhone: 3</title>");
  });

  it("escapes text", () => {
    const svg = renderStackedBarChart({
      title: "<b>",
      description: "a & b",
      xLabels: ['"x"'],
      series: [{ label: "s", values: [1] }],
    });
    expect(svg).toContain('<title id="chart-b-title">&lt;b&gt;</title>');
    expect(svg).toContain("a &amp; b");
    expect(svg).toContain("&quot;x&quot;");
    expect(escapeXml("'")).toBe("&#39;");
  });
});
