import { getDatabase, type Db } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { installSocketAddressHeader } from "@/lib/platform/ratelimit/client-address";
import { startMetricsListener } from "./metrics-listener";

/** Seeds a new embedded database with a demo; undefined when it already held one. */
export type DemoSeeder = (
  db: Db,
  password: string | undefined,
) => Promise<{ email: string; password: string; token: string } | undefined>;

/**
 * Runs once per server process before it takes requests: opens the database, applies pending
 * migrations, sets up the connection pool (a fresh instance at a race start must not do that in its
 * first burst) and, on a new embedded database only, seeds the demo. PostgreSQL is never seeded.
 */
export async function prepareServer(seedDemo: DemoSeeder): Promise<void> {
  installSocketAddressHeader();
  startMetricsListener();
  const config = getConfig();
  const database = await getDatabase();
  await database.warmUp();
  if (database.kind !== "pglite" || config.SEED_DEMO === "never") return;
  const demo = await seedDemo(database.db, config.DEMO_PASSWORD);
  if (!demo) return;
  process.stdout.write(
    [
      "",
      "Racekeys: new embedded database, seeded with a demo.",
      `  Sign in at ${config.PUBLIC_URL} as ${demo.email} with password (shown once): ${demo.password}`,
      `  Sample event "Easy QR Code Run": ${config.PUBLIC_URL}/redeem_key?key=6G615L`,
      `  Demo API token (shown once): ${demo.token}`,
      `  Try: curl -H "Authorization: Bearer ${demo.token}" ${config.PUBLIC_URL}/api/events`,
      "",
    ].join("\n") + "\n",
  );
}
