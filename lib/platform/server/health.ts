import path from "node:path";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";

const READY_TIMEOUT_MS = 2000;

/** When the newest migration in db/migrations was generated (drizzle records it as created_at). */
function latestMigrationMillis(): number {
  const journal = JSON.parse(
    readFileSync(path.join(process.cwd(), "db", "migrations", "meta", "_journal.json"), "utf8"),
  ) as {
    entries: Array<{ when: number }>;
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready: the database answers within 2 s and has every migration this build ships. */
export async function checkReadiness(): Promise<Readiness> {
  const check = (async (): Promise<Readiness> => {
    const db = await getDb();
    const [row] = await queryRows<{ latest: string | null }>(
      db,
      sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    if (Number(row?.latest ?? 0) < latestMigrationMillis()) return { ready: false, reason: "migrations pending" };
    return { ready: true };
  })();
  const timeout = new Promise<Readiness>((resolve) =>
    setTimeout(() => resolve({ ready: false, reason: "database did not answer in time" }), READY_TIMEOUT_MS).unref(),
  );
  return Promise.race([check.catch(() => ({ ready: false, reason: "database unreachable" }) as const), timeout]);
}
