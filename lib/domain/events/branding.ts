import { z } from "zod";
import type { Event } from "@/db/schema";
import { contrastRatio, isHexColor, MIN_TEXT_CONTRAST, normalizeHexColor } from "@/lib/platform/color/contrast";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

/**
 * An event's branding as the organiser sets it, in the API and the dashboard alike: the landing
 * page's accent colour and a short description (the logo: ./logo.ts).
 */

export const MAX_DESCRIPTION_LENGTH = 300;

/**
 * A hex colour, stored as `#rrggbb`. The landing page puts white text on it (its primary button),
 * so it must reach WCAG AA contrast with white; the message says by how much it misses.
 */
export const accentColorSchema = z
  .string()
  .trim()
  .refine(isHexColor, "must be a hex colour such as #0b63ce")
  .transform(normalizeHexColor)
  .superRefine((color, ctx) => {
    const ratio = contrastRatio(color, "#ffffff");
    if (ratio >= MIN_TEXT_CONTRAST) return;
    ctx.addIssue({
      code: "custom",
      message:
        `${color} has a contrast of only ${Math.floor(ratio * 100) / 100}:1 with white text; ` +
        `at least ${MIN_TEXT_CONTRAST}:1 is needed: choose a darker colour`,
    });
  })
  .meta({ example: "#0b63ce", description: `A hex colour with at least ${MIN_TEXT_CONTRAST}:1 contrast to white` });

/**
 * Plain text of a few lines (never HTML): line breaks are kept (Windows' CR LF as LF), other
 * control characters refused like in every other text; empty is none.
 */
export const descriptionSchema = z
  .string()
  .transform((text) => text.replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`)
      .refine(
        (text) => !hasControlCharacters(text.replaceAll("\n", "")),
        "must not contain control characters other than line breaks",
      ),
  )
  .transform((text) => text || null)
  .meta({ example: "10 km through the old town. Start 9:00 at the market square." });

export interface LogoVersion {
  /** The image's hash: its URL's `v` (lib/domain/links `eventLogoUrl`) and entity tag. */
  version: string;
  width: number;
  height: number;
}

/** The event's logo as pages and the API link it, or null without one. */
export function logoOf(event: Pick<Event, "logoHash" | "logoWidth" | "logoHeight">): LogoVersion | null {
  const { logoHash, logoWidth, logoHeight } = event;
  return logoHash && logoWidth && logoHeight ? { version: logoHash, width: logoWidth, height: logoHeight } : null;
}
