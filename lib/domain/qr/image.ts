import { keyLink } from "@/lib/domain/links";
import { ifNoneMatchHits } from "@/lib/platform/cache/etag";
import { qrEtag, qrMatrix, renderPng, renderSvg } from "./render";
import { QR_DEFAULT_SIZE, qrStyleOf, type QrQuery } from "./schemas";

const CACHE_FOREVER = "public, max-age=31536000, immutable";

/**
 * The QR image response for a key link. It never looks the key up: the image depends only on the
 * query, so it is the same for every request and cached for a year; If-None-Match answers 304.
 */
export function qrImage(req: Request, query: QrQuery, publicUrl: string): Response {
  const size = query.size ?? QR_DEFAULT_SIZE;
  const style = qrStyleOf(query);
  const text = keyLink(publicUrl, query.key, query);
  const etag = qrEtag([query.format, size, text, style.ecc, style.margin, style.dark, style.light]);
  const headers = { ETag: etag, "Cache-Control": CACHE_FOREVER, "X-Content-Type-Options": "nosniff" };
  if (ifNoneMatchHits(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const matrix = qrMatrix(text, style.ecc);
  if (query.format === "svg") {
    return new Response(renderSvg(matrix, size, style), {
      headers: { ...headers, "Content-Type": "image/svg+xml" },
    });
  }
  return new Response(new Uint8Array(renderPng(matrix, size, style)), {
    headers: { ...headers, "Content-Type": "image/png" },
  });
}
