import { BoundedMap } from "@/lib/platform/cache/bounded-map";
import { qrMatrix, renderSvg } from "@/lib/domain/qr/render";

/** Drawn at this many CSS pixels; the viewBox scales it down on narrow screens. */
const QR_PIXELS = 240;
// Encoding a QR code costs more than the rest of the page; the same link (an event's shared passcode
// link, a reload, an email scanner's fetch before the person's) is asked for again and again.
const cache = new BoundedMap<string, string>(2000);

/** The inline SVG QR code of a link, labelled for screen readers. */
export function linkQrSvg(link: string, label: string): string {
  let svg = cache.get(link);
  if (svg === undefined) cache.set(link, (svg = renderSvg(qrMatrix(link), QR_PIXELS)));
  // renderSvg marks the drawing role="img"; an image needs a name. `label` is our own text, never input.
  return svg.replace('role="img"', `role="img" aria-label="${label}"`);
}
