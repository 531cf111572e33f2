/** `npm run build`: the production build in NEXT_DIST_DIR, with its standalone server completed (scripts/build.ts). */
import { getConfig } from "@/lib/platform/config";
import { buildApp } from "@/scripts/build";

process.exit(buildApp(getConfig().NEXT_DIST_DIR));
