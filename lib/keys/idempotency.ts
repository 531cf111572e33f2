import { badRequest } from "@/lib/http/errors";

/** The request's Idempotency-Key header (Stripe's convention), validated: 1 to 255 printable characters. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.headers.get("idempotency-key");
  if (value === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
  }
  return value;
}
