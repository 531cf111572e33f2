import type { NextConfig } from "next";
import { getConfig } from "./lib/platform/config";
import { MAX_ACTION_BODY_BYTES } from "./lib/adapters/http/body";

const nextConfig: NextConfig = {
  distDir: getConfig().NEXT_DIST_DIR,
  // PGlite loads its WebAssembly and data files relative to its own package: it must not be bundled.
  // rate-limiter-flexible's Drizzle store imports drizzle-orm at run time by a computed name, which
  // the bundler turns into "module not found"; both stay external so the store and the app share
  // one drizzle-orm.
  // Packages with module state (prom-client's registry) or files read at run time: external, so
  // every route bundle shares one copy and the files stay in their package folders.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "rate-limiter-flexible",
    "drizzle-orm",
    "prom-client",
    "swagger-ui-dist",
    // Tracing (OTEL_EXPORTER_OTLP_ENDPOINT): loaded from node_modules only when configured.
    "@opentelemetry/api",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-trace-node",
  ],
  // `next build` also writes <distDir>/standalone: a server.js with just the node_modules it needs,
  // which `scripts/build.ts` completes with static files, public/ and the files read at run time
  // from the working directory (migrations, label fonts, the API reference's files), so the folder
  // runs anywhere with `node`.
  output: "standalone",
  outputFileTracingIncludes: {
    "/**": [
      "./db/migrations/**/*",
      "./node_modules/@expo-google-fonts/noto-sans/{400Regular,700Bold}/*.ttf",
      "./node_modules/swagger-ui-dist/{swagger-ui.css,swagger-ui-bundle.js}",
    ],
  },
  poweredByHeader: false,
  // Every server action (sign-in included) gets at most 1 MiB, and proxy.ts refuses a post that does
  // not say up front that it fits; the proxy's copy of a body is bounded alike. Participant lists (up
  // to 16 MiB) go to their own route, outside the proxy, which checks the session first.
  experimental: {
    serverActions: { bodySizeLimit: MAX_ACTION_BODY_BYTES },
    proxyClientMaxBodySize: MAX_ACTION_BODY_BYTES,
  },
};

export default nextConfig;
