import { randomUUID } from "node:crypto";

/** A CSP nonce: 122 random bits from a pool Node refills in batches, cheaper per page than randomBytes. */
export const newNonce = (): string => randomUUID();

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * What every HTML page sends: no MIME sniffing, no framing (X-Frame-Options for browsers without
 * CSP's frame-ancestors), and HSTS when the public origin is https. Over plain http HSTS would be
 * ignored, and a development server must stay reachable without TLS.
 */
export function htmlPageHeaders(publicUrl: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    ...(publicUrl.startsWith("https:")
      ? { "Strict-Transport-Security": `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` }
      : {}),
  };
}

/**
 * A strict Content-Security-Policy: everything from this origin only, scripts and styles as given,
 * no plugins, no framing, no base or foreign form targets.
 */
export function contentSecurityPolicy(sources: { script: string; style: string; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src ${sources.script}`,
    `style-src ${sources.style}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(sources.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * The dashboard's and sign-in's headers. A strict CSP: scripts run only with this response's nonce
 * (Next.js puts it on its own scripts) or when loaded by such a script ('strict-dynamic');
 * everything else comes from this origin; no style attributes, no plugins, no framing. Referrer
 * "same-origin": event and key ids in dashboard URLs stay here, while same-origin requests keep
 * their Origin header, which the server actions' CSRF check needs ("no-referrer" would send
 * "Origin: null" with every form post).
 */
export function dashboardPageHeaders(
  nonce: string,
  options: { publicUrl: string; development: boolean },
): Record<string, string> {
  const policy = contentSecurityPolicy({
    // React's development build needs eval for its debugging aids; the production build does not.
    script: `'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    style: `'self' 'nonce-${nonce}'`,
    https: options.publicUrl.startsWith("https:"),
  });
  return { "Content-Security-Policy": policy, "Referrer-Policy": "same-origin", ...htmlPageHeaders(options.publicUrl) };
}
