import { ifNoneMatchHits } from "@/lib/platform/cache/etag";

const CACHE_FOREVER = "public, max-age=31536000, immutable";
/** A URL without the current version may stand for another image tomorrow: caches ask each time (304 while the same). */
const REVALIDATE = "public, no-cache";

export interface StoredImage {
  bytes: Uint8Array;
  contentType: string;
  /** The image's version; the entity tag is it in quotes. */
  version: string;
}

/**
 * A stored image for shared caches and link-preview crawlers: cached for good when the URL names
 * its current version (`?v=`), else revalidated; If-None-Match answers 304. Served from our
 * origin, typed and never sniffed, and nothing in it may run.
 */
export function cacheableImage(req: Request, image: StoredImage, requestedVersion: string | undefined): Response {
  const etag = `"${image.version}"`;
  const headers = {
    ETag: etag,
    "Cache-Control": requestedVersion === image.version ? CACHE_FOREVER : REVALIDATE,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
  };
  if (ifNoneMatchHits(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.bytes), { headers: { ...headers, "Content-Type": image.contentType } });
}
