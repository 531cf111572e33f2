/**
 * Colours as people type them (`#0b63ce`, `#FC0`) and their contrast as WCAG 2 measures it: the
 * ratio of relative luminances, from 1:1 (the same colour) to 21:1 (black on white).
 */

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export const isHexColor = (text: string): boolean => HEX_COLOR.test(text);

/** `#FC0` → `#ffcc00`; the text must be a hex colour (`isHexColor`). */
export function normalizeHexColor(text: string): string {
  const digits = text.slice(1).toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits}`;
}

/** WCAG 2's relative luminance of a hex colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const value = normalizeHexColor(hex);
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(value.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two hex colours, 1 to 21 (the order does not matter). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG 2 AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;
