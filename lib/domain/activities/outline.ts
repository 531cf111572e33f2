import type { TrackPoint } from "./track";

/** At most this many vertices in an outline: enough for a thumbnail, small enough to list 100 at once. */
export const OUTLINE_POINTS = 160;
export const OUTLINE_SIZE = 100;

/**
 * A track's outline as "x,y x,y …" in a 100×100 box (y down, north up), aspect kept: an
 * equirectangular projection around the track's mean latitude, sampled evenly. Pure numbers, so it
 * is safe in any SVG attribute; no map tiles, nothing external.
 */
export function outlineOf(points: readonly Pick<TrackPoint, "lat" | "lon">[]): string {
  if (points.length === 0) return "";
  const step = Math.max(1, Math.ceil(points.length / OUTLINE_POINTS));
  const sampled = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  const meanLat = sampled.reduce((sum, p) => sum + p.lat, 0) / sampled.length;
  const k = Math.cos((meanLat * Math.PI) / 180);
  const xs = sampled.map((p) => p.lon * k);
  const ys = sampled.map((p) => -p.lat);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const scale = (OUTLINE_SIZE - 4) / span;
  const offsetX = (OUTLINE_SIZE - (maxX - minX) * scale) / 2;
  const offsetY = (OUTLINE_SIZE - (maxY - minY) * scale) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return sampled
    .map((_, i) => `${round(offsetX + (xs[i]! - minX) * scale)},${round(offsetY + (ys[i]! - minY) * scale)}`)
    .join(" ");
}

/** The outline as a standalone inline SVG: a polyline, start and finish dots, no external resources. */
export function outlineSvg(outline: string, { size = 96, label = "Track outline" } = {}): string {
  const vertices = outline.split(" ").filter(Boolean);
  const first = vertices[0]?.split(",");
  const last = vertices[vertices.length - 1]?.split(",");
  const escapedLabel = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const valid = /^[\d., -]*$/.test(outline);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${OUTLINE_SIZE} ${OUTLINE_SIZE}" width="${size}" height="${size}" role="img" aria-label="${escapedLabel}" class="track-outline">` +
    (valid && first && last
      ? `<polyline points="${outline}" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>` +
        `<circle cx="${first[0]}" cy="${first[1]}" r="3" fill="#2e7d32"/><circle cx="${last[0]}" cy="${last[1]}" r="3" fill="#c62828"/>`
      : "") +
    `</svg>`
  );
}
