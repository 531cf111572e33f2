import { readFile } from "node:fs/promises";
import path from "node:path";
// External (next.config.ts), so it answers its own folder at run time rather than a bundler module id.
import swaggerUiDir from "swagger-ui-dist/absolute-path.js";
import { notFound } from "@/lib/domain/errors";
import { contentSecurityPolicy, htmlPageHeaders } from "@/lib/adapters/http/security-headers";

/**
 * The API reference at /docs/api: /api/openapi.json rendered by Swagger UI (swagger-ui-dist,
 * Apache-2.0), whose files are served from its npm package under /docs/api/assets/, so the page
 * needs nothing from another origin. Scripts and styles only from this origin: the page has no
 * inline script, and the initialiser is a file of its own.
 */
const ASSETS_PATH = "/docs/api/assets";

/** Starts Swagger UI on the document; no validator badge (it would call validator.swagger.io). */
const INITIALISER = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#api-reference",
  deepLinking: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
});
`;

const FILES: Record<string, { type: string; package?: string }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", package: "swagger-ui.css" },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8", package: "swagger-ui-bundle.js" },
  "init.js": { type: "text/javascript; charset=utf-8" },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Racekeys</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<noscript><p>The API reference needs JavaScript. The OpenAPI document itself: <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<main id="api-reference"></main>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/init.js"></script>
</body>
</html>
`;

export function apiReferencePage(publicUrl: string): Response {
  return new Response(PAGE, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      "Content-Security-Policy": contentSecurityPolicy({
        script: "'self'",
        style: "'self'",
        https: publicUrl.startsWith("https:"),
      }),
      "Referrer-Policy": "same-origin",
      ...htmlPageHeaders(publicUrl),
    },
  });
}

/** Read once per process: the files change only with the installed package. */
const loaded = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** One of the page's files; anything else is "not found". */
export async function apiReferenceAsset(name: string): Promise<Response> {
  const file = Object.hasOwn(FILES, name) ? FILES[name]! : undefined;
  if (!file) throw notFound("file");
  let bytes = loaded.get(name);
  if (!bytes) {
    bytes = file.package
      ? readFile(path.join(swaggerUiDir(), file.package)).then((b) => new Uint8Array(b))
      : Promise.resolve(new TextEncoder().encode(INITIALISER));
    loaded.set(name, bytes);
    bytes.catch(() => loaded.delete(name));
  }
  return new Response(await bytes, {
    headers: {
      "Content-Type": file.type,
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
