import { z } from "zod";
import { labelLayoutSchema, MAX_PRINTER_OFFSET_MM } from "@/lib/domain/labels/layouts";
import { LABEL_SORTS } from "@/lib/domain/labels/source";
import { checkQrColours, qrStyleFields } from "@/lib/domain/qr/schemas";

/** A printer offset in millimetres from a query string, e.g. "-1.5". */
const offsetMm = (axis: string) =>
  z
    .string()
    .regex(/^-?\d{1,2}(\.\d{1,2})?$/, `offset${axis} must be a number of millimetres`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(
          -MAX_PRINTER_OFFSET_MM,
          `offset${axis} must be between -${MAX_PRINTER_OFFSET_MM} and ${MAX_PRINTER_OFFSET_MM} mm`,
        )
        .max(
          MAX_PRINTER_OFFSET_MM,
          `offset${axis} must be between -${MAX_PRINTER_OFFSET_MM} and ${MAX_PRINTER_OFFSET_MM} mm`,
        ),
    )
    .optional()
    .meta({
      description: `PDF only: shift every label by this many millimetres (${axis === "X" ? "positive: right" : "positive: down"})`,
      example: "1.5",
    });

/** A start number bound of a label range, e.g. "500". */
const startNumberBound = (name: "from" | "to") =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${name} must be a whole start number, e.g. 500`)
    .transform(Number)
    .optional()
    .meta({
      description: `PDF only: print only start numbers ${name === "from" ? "from" : "up to"} this one (numerically, inclusive); keys without a numeric start number are left out`,
      example: name === "from" ? "1" : "500",
    });

/** Parameters that shape the label PDF only; given with another format they are refused, not ignored. */
const PDF_ONLY = ["sort", "from", "to", "ecc", "margin", "dark", "light"] as const;

/** What a key file holds and how: the API's starter_keys query, and the dashboard's download links. */
export const keyFileQuerySchema = z
  .object({
    format: z.enum(["json", "csv", "pdf"], { message: "format must be json, csv or pdf" }).default("json"),
    delimiter: z.enum(["comma", "semicolon"], { message: "delimiter must be comma or semicolon" }).default("comma"),
    used: z
      .enum(["true", "false"], { message: "used must be true or false" })
      .transform((v) => v === "true")
      .optional(),
    layout: labelLayoutSchema.default("avery-l7160"),
    offsetX: offsetMm("X"),
    offsetY: offsetMm("Y"),
    sort: z
      .enum(LABEL_SORTS, { message: `sort must be one of ${LABEL_SORTS.join(", ")}` })
      .optional()
      .meta({
        description:
          "PDF only: label order; startNumber (default) sorts numbers numerically (2 before 10), then other start numbers, then keys without one, each in creation order",
      }),
    from: startNumberBound("from"),
    to: startNumberBound("to"),
    ...qrStyleFields,
  })
  .superRefine((query, ctx) => {
    if (query.format !== "pdf") {
      for (const name of PDF_ONLY) {
        if (query[name] !== undefined)
          ctx.addIssue({ code: "custom", path: [name], message: `${name} applies to format=pdf only` });
      }
      return;
    }
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: `from (${query.from}) must not be greater than to (${query.to})`,
      });
    }
    checkQrColours(query, ctx);
  });
export type KeyFileQuery = z.output<typeof keyFileQuerySchema>;
