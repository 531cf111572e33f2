import type { NextConfig } from "next";
import { getConfig } from "./lib/config";

const nextConfig: NextConfig = {
  distDir: getConfig().NEXT_DIST_DIR,
  // PGlite loads its WebAssembly and data files relative to its own package: it must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
};

export default nextConfig;
