import { z } from "zod";
import { keyInputSchema } from "@/lib/domain/keys/code";
import { contrastRatio, isHexColor, normalizeHexColor, relativeLuminance } from "@/lib/platform/color/contrast";
import type { ErrorCorrection } from "./mask";

export const QR_MIN_SIZE = 64;
export const QR_MAX_SIZE = 2048;
export const QR_DEFAULT_SIZE = 300;

export const QR_LEVELS = ["L", "M", "Q", "H"] as const satisfies readonly ErrorCorrection[];
/** The quiet zone around a code, in modules: the specification asks for 4, scanners cope with 2. */
export const QR_MIN_MARGIN = 2;
export const QR_MAX_MARGIN = 16;
/**
 * The lowest WCAG contrast between dark and light modules that is accepted. Phone scanners (ZXing's
 * and jsQR's binarisers) read a flat block as dark only below about half the light colour's value;
 * grey on white at 3:1 (WCAG's floor for graphics) fails a third of our decoding tests, 4.5:1 none
 * (dark then at most ~46 % of white). Measured in docs/notes-wt-qr.md.
 */
export const QR_MIN_CONTRAST = 4.5;

/** How a code is drawn; every field has a default, so `{}` is the plain black-on-white code. */
export interface QrStyle {
  ecc: ErrorCorrection;
  /** The quiet zone in modules. */
  margin: number;
  /** `#rrggbb` */
  dark: string;
  light: string;
}
export const DEFAULT_QR_STYLE: QrStyle = { ecc: "M", margin: 4, dark: "#000000", light: "#ffffff" };

const colour = (name: "dark" | "light") =>
  z
    .string()
    .transform((text) => (text.startsWith("#") ? text : `#${text}`))
    .refine(isHexColor, `${name} must be a hex colour, #rrggbb or #rgb (the # may be left out or sent as %23)`)
    .transform(normalizeHexColor)
    .optional()
    .meta({
      description: `Colour of the ${name} modules${name === "light" ? " and the quiet zone" : ""}, hex (#rrggbb or #rgb; the # may be left out); default ${DEFAULT_QR_STYLE[name]}`,
      example: name === "dark" ? "1a237e" : "fff8e1",
    });

/** The query parameters that choose a QR code's style; shared by the QR image and the label PDFs. */
export const qrStyleFields = {
  ecc: z
    .enum(QR_LEVELS, { message: "ecc must be L, M, Q or H" })
    .optional()
    .meta({ description: "Error correction: L 7 %, M 15 % (default), Q 25 %, H 30 % of the code may be damaged" }),
  margin: z
    .string()
    .regex(/^\d{1,3}$/, `margin must be a whole number of modules from ${QR_MIN_MARGIN} to ${QR_MAX_MARGIN}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(QR_MIN_MARGIN, `margin must be at least ${QR_MIN_MARGIN} modules`)
        .max(QR_MAX_MARGIN, `margin must be at most ${QR_MAX_MARGIN} modules`),
    )
    .optional()
    .meta({
      description: `Quiet zone around the code in modules, ${QR_MIN_MARGIN} to ${QR_MAX_MARGIN}; default 4`,
      example: "4",
    }),
  dark: colour("dark"),
  light: colour("light"),
};

type QrStyleInput = { [K in keyof QrStyle]?: QrStyle[K] | undefined };

/** The style a parsed query asks for, defaults filled in. */
export const qrStyleOf = (query: QrStyleInput): QrStyle => ({
  ecc: query.ecc ?? DEFAULT_QR_STYLE.ecc,
  margin: query.margin ?? DEFAULT_QR_STYLE.margin,
  dark: query.dark ?? DEFAULT_QR_STYLE.dark,
  light: query.light ?? DEFAULT_QR_STYLE.light,
});

/**
 * Refuses colours a scanner cannot be trusted to read: a dark colour lighter than the light one
 * (an inverted code, which many readers skip) or too little contrast. Names the colour the client
 * gave (dark when both).
 */
export function checkQrColours(query: QrStyleInput, ctx: z.core.$RefinementCtx): void {
  if (query.dark === undefined && query.light === undefined) return;
  const { dark, light } = qrStyleOf(query);
  const path = [query.dark !== undefined ? "dark" : "light"];
  if (relativeLuminance(dark) > relativeLuminance(light)) {
    ctx.addIssue({ code: "custom", path, message: `dark (${dark}) must be darker than light (${light})` });
    return;
  }
  const ratio = contrastRatio(dark, light);
  if (ratio < QR_MIN_CONTRAST) {
    ctx.addIssue({
      code: "custom",
      path,
      message: `the contrast of dark ${dark} and light ${light} is ${ratio.toFixed(2)}:1; scanners need at least ${QR_MIN_CONTRAST}:1`,
    });
  }
}

const participantText = (field: string) => z.string().max(200, `${field} has at most 200 characters`).optional();

export const qrQuerySchema = z
  .object({
    key: keyInputSchema,
    format: z.enum(["png", "svg"], { message: "format must be png or svg" }).default("png"),
    size: z
      .string()
      .regex(/^\d{1,5}$/, `size must be a whole number of pixels from ${QR_MIN_SIZE} to ${QR_MAX_SIZE}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(QR_MIN_SIZE, `size must be at least ${QR_MIN_SIZE}`)
          .max(QR_MAX_SIZE, `size must be at most ${QR_MAX_SIZE}`),
      )
      .optional()
      .meta({ description: `Width and height in pixels, ${QR_MIN_SIZE} to ${QR_MAX_SIZE}`, example: "300" }),
    ...qrStyleFields,
    startNumber: participantText("startNumber"),
    name: participantText("name"),
  })
  .superRefine(checkQrColours);
export type QrQuery = z.output<typeof qrQuerySchema>;
