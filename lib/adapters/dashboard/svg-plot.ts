/**
 * Plots as SVG strings, drawn on the server: no chart library, no client JavaScript. Each chart has
 * a <title> and <desc> for screen readers; pages show the numbers in a table beside it as well.
 * Everything here is a pure function of its input.
 */

export interface Series {
  label: string;
  /** One value per x label. */
  values: number[];
}

export interface ChartSpec {
  title: string;
  description: string;
  xLabels: string[];
  series: Series[];
  width?: number;
  height?: number;
}

/** Distinguishable for the common colour-vision deficiencies (Okabe–Ito), dark enough on white. */
export const SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9"] as const;
/** Lines differ by dash as well as colour. */
const DASHES = ["", "6 4", "2 3", "8 3 2 3", "1 2"] as const;

const MARGIN = { top: 12, right: 16, bottom: 36, left: 56 };
const MAX_X_LABELS = 8;

export const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A y axis from 0 with 2–6 ticks at 1, 2 or 5 times a power of ten, whole numbers only (these
 * are counts): `niceScale(7)` → 0, 2, 4, 6, 8.
 */
export function niceScale(maxValue: number, targetTicks = 5): { max: number; step: number; ticks: number[] } {
  const max = Math.max(1, Math.ceil(maxValue));
  const raw = max / Math.max(1, targetTicks - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { max: top, step, ticks };
}

/** Which x labels to print so that at most `max` show, evenly spaced, always the first. */
export function labelEvery(count: number, max = MAX_X_LABELS): number {
  return Math.max(1, Math.ceil(count / max));
}

const formatTick = (n: number) => new Intl.NumberFormat("en-GB").format(n);

interface Frame {
  width: number;
  height: number;
  plotWidth: number;
  plotHeight: number;
  y: (value: number) => number;
  body: string[];
}

/** Axes, grid lines and tick labels shared by both chart kinds. */
function frame(spec: ChartSpec, maxValue: number, xPosition: (i: number) => number): Frame {
  const width = spec.width ?? 720;
  const height = spec.height ?? 260;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const scale = niceScale(maxValue);
  const y = (value: number) => round(MARGIN.top + plotHeight - (value / scale.max) * plotHeight);
  const body: string[] = [];
  for (const tick of scale.ticks) {
    body.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e2e8f0"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  const every = labelEvery(spec.xLabels.length);
  spec.xLabels.forEach((label, i) => {
    if (i % every) return;
    body.push(
      `<text x="${round(xPosition(i))}" y="${height - MARGIN.bottom + 18}" text-anchor="middle">${escapeXml(label)}</text>`,
    );
  });
  body.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#4a5568"/>`);
  return { width, height, plotWidth, plotHeight, y, body };
}

function svg(spec: ChartSpec, width: number, height: number, body: string[], id: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif" font-size="12" fill="#1a202c">` +
    `<title id="${id}-title">${escapeXml(spec.title)}</title><desc id="${id}-desc">${escapeXml(spec.description)}</desc>` +
    body.join("") +
    `</svg>`
  );
}

/** An id for the title and description, stable for the same chart so server renders are deterministic. */
const chartId = (spec: ChartSpec) =>
  `chart-${spec.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;

/** One line per series over the x labels (e.g. cumulative keys per day); a single x label gets bars instead. */
export function renderLineChart(spec: ChartSpec): string {
  const n = spec.xLabels.length;
  if (n === 1) return renderSingleBucket(spec);
  const width = spec.width ?? 720;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const x = (i: number) => MARGIN.left + (n <= 1 ? plotWidth / 2 : (i / (n - 1)) * plotWidth);
  const maxValue = Math.max(0, ...spec.series.flatMap((s) => s.values));
  const f = frame(spec, maxValue, x);
  spec.series.forEach((series, s) => {
    const colour = SERIES_COLOURS[s % SERIES_COLOURS.length];
    const dash = DASHES[s % DASHES.length] ? ` stroke-dasharray="${DASHES[s % DASHES.length]}"` : "";
    const points = series.values.map((value, i) => `${round(x(i))},${f.y(value)}`);
    if (points.length > 1) {
      f.body.push(
        `<polyline class="series" data-series="${escapeXml(series.label)}" fill="none" stroke="${colour}" stroke-width="2.5"${dash} points="${points.join(" ")}"/>`,
      );
    }
    if (points.length <= 40) {
      for (const point of points) {
        const [cx, cy] = point.split(",");
        f.body.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${colour}"/>`);
      }
    }
  });
  return svg(spec, f.width, f.height, f.body, chartId(spec));
}

/** Stacked columns: one column per x label, one segment per series. */
export function renderStackedBarChart(spec: ChartSpec): string {
  const n = Math.max(1, spec.xLabels.length);
  const width = spec.width ?? 720;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const slot = plotWidth / n;
  const barWidth = round(Math.max(1, Math.min(48, slot * 0.7)));
  const x = (i: number) => MARGIN.left + slot * i + slot / 2;
  const totals = spec.xLabels.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const f = frame(spec, Math.max(0, ...totals), x);
  spec.xLabels.forEach((label, i) => {
    let base = 0;
    spec.series.forEach((series, s) => {
      const value = series.values[i] ?? 0;
      if (value <= 0) return;
      const top = f.y(base + value);
      const height = round(f.y(base) - top);
      f.body.push(
        `<rect class="bar" x="${round(x(i) - barWidth / 2)}" y="${top}" width="${barWidth}" height="${height}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}">` +
          `<title>${escapeXml(`${label}, ${series.label}: ${formatTick(value)}`)}</title></rect>`,
      );
      base += value;
    });
  });
  return svg(spec, f.width, f.height, f.body, chartId(spec));
}

/**
 * One x label (everything happened within the first hour): a line needs two points, and lone dots
 * read as noise, so each series is a bar side by side with its value written above it.
 */
function renderSingleBucket(spec: ChartSpec): string {
  const width = spec.width ?? 720;
  const centre = MARGIN.left + (width - MARGIN.left - MARGIN.right) / 2;
  const f = frame(spec, Math.max(0, ...spec.series.map((s) => s.values[0] ?? 0)), () => centre);
  const barWidth = 48;
  const gap = 12;
  const left = centre - (spec.series.length * (barWidth + gap) - gap) / 2;
  spec.series.forEach((series, s) => {
    const value = series.values[0] ?? 0;
    const x = round(left + s * (barWidth + gap));
    const top = f.y(value);
    const label = `${series.label}: ${formatTick(value)}`;
    f.body.push(
      `<rect class="bar" data-series="${escapeXml(series.label)}" x="${x}" y="${top}" width="${barWidth}" height="${round(f.y(0) - top)}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}">` +
        `<title>${escapeXml(label)}</title></rect>`,
      `<text class="value" x="${round(x + barWidth / 2)}" y="${round(top - 6)}" text-anchor="middle">${formatTick(value)}</text>`,
    );
  });
  return svg(spec, f.width, f.height, f.body, chartId(spec));
}
