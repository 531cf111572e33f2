import { z } from "zod";
import { labelLayoutSchema, MAX_PRINTER_OFFSET_MM } from "@/lib/domain/labels/layouts";

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

/** What a key file holds and how: the API's starter_keys query, and the dashboard's download links. */
export const keyFileQuerySchema = z.object({
  format: z.enum(["json", "csv", "pdf"], { message: "format must be json, csv or pdf" }).default("json"),
  delimiter: z.enum(["comma", "semicolon"], { message: "delimiter must be comma or semicolon" }).default("comma"),
  used: z
    .enum(["true", "false"], { message: "used must be true or false" })
    .transform((v) => v === "true")
    .optional(),
  layout: labelLayoutSchema.default("avery-l7160"),
  offsetX: offsetMm("X"),
  offsetY: offsetMm("Y"),
});
export type KeyFileQuery = z.output<typeof keyFileQuerySchema>;
