import type { NextConfig } from "next";
import { getConfig } from "./lib/config";

const nextConfig: NextConfig = {
  distDir: getConfig().NEXT_DIST_DIR,
  // PGlite loads its WebAssembly and data files relative to its own package: it must not be bundled.
  // rate-limiter-flexible's Drizzle store imports drizzle-orm at run time by a computed name, which
  // the bundler turns into "module not found"; both stay external so the store and the app share
  // one drizzle-orm.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "rate-limiter-flexible", "drizzle-orm"],
  poweredByHeader: false,
  // Next.js's default, stated: every server action (sign-in included) gets at most 1 MB, counted while it
  // arrives. Participant lists (up to 16 MB) go to their own route, which checks the session first.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
};

export default nextConfig;
