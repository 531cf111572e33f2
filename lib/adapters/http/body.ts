import { ApiError } from "./errors";

/** 1,000,000 bytes as "1 MB", 16,777,216 as "16 MiB": the limit as people read it in the message. */
export const describeBytes = (bytes: number) =>
  bytes % 1024 ** 2 === 0
    ? `${bytes / 1024 ** 2} MiB`
    : bytes % 1_000_000 === 0
      ? `${bytes / 1_000_000} MB`
      : `${bytes} bytes`;

/** API operations with a JSON body take at most this much. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/** Server actions (sign-in included) take at most this much; participant lists have a route of their own. */
export const MAX_ACTION_BODY_BYTES = 1024 ** 2;

export const payloadTooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `the body must be at most ${describeBytes(limit)}`);

/**
 * The request body, counted while it streams in: a declared Content-Length over the limit is refused
 * before reading, and a chunked body (no length) is cancelled as soon as it passes the limit, so a
 * client cannot make the server hold more than `limit` bytes of one body.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw payloadTooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stops the transfer; the chunks read so far are garbage once this returns.
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Refuses a body that declares no length, or more than `limit`, before our code reads a byte: for
 * requests whose body Next.js drains before the page or action runs (everything behind the proxy).
 * Browsers always declare the length of a form post, so only hand-made requests are refused.
 */
export function refuseUnboundedBody(req: Request, limit: number): ApiError | undefined {
  const declared = req.headers.get("content-length");
  if (declared === null) {
    return new ApiError(413, "payload_too_large", `the body must declare its length, at most ${describeBytes(limit)}`);
  }
  return Number(declared) > limit ? payloadTooLarge(limit) : undefined;
}
