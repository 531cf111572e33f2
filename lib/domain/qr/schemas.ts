import { z } from "zod";
import { keyInputSchema } from "@/lib/domain/keys/code";

export const QR_MIN_SIZE = 64;
export const QR_MAX_SIZE = 2048;
export const QR_DEFAULT_SIZE = 300;

const participantText = (field: string) => z.string().max(200, `${field} has at most 200 characters`).optional();

export const qrQuerySchema = z.object({
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
  startNumber: participantText("startNumber"),
  name: participantText("name"),
});
export type QrQuery = z.output<typeof qrQuerySchema>;
