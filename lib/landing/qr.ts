import { qrMatrix, renderSvg } from "@/lib/qr/render";

/** Drawn at this many CSS pixels; the viewBox scales it down on narrow screens. */
const QR_PIXELS = 240;
// Encoding a QR code costs ~1.5 ms; the same link (a shared passcode, a reload) is asked for again and again.
const CACHE_SIZE = 500;
const cache = new Map<string, string>();

/** The inline SVG QR code of a link, labelled for screen readers. */
export function linkQrSvg(link: string, label: string): string {
  let svg = cache.get(link);
  if (svg === undefined) {
    svg = renderSvg(qrMatrix(link), QR_PIXELS);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(link, svg);
  }
  // renderSvg marks the drawing role="img"; an image needs a name. `label` is our own text, never input.
  return svg.replace('role="img"', `role="img" aria-label="${label}"`);
}
