import { afterAll, beforeAll } from "vitest";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTwoTestServers, type TestServer } from "@/testing/server";

export interface TwoInstances {
  database: TestDatabase;
  servers: TestServer[];
  organiserId: string;
  /** The organiser's API token. */
  token: string;
}

/**
 * The set-up of the tests of what must hold across processes: two instances of the production build
 * sharing one fresh PostgreSQL database, with one organiser. Registers the suite's beforeAll and
 * afterAll; the returned object is filled in before the first test runs.
 */
export function twoInstancesSharingPostgres(env: Record<string, string> = {}): TwoInstances {
  const shared = {} as TwoInstances;
  beforeAll(async () => {
    await ensureTestBuild();
    shared.database = await openTestDatabase("postgres");
    shared.servers = await startTwoTestServers({
      DATABASE_URL: shared.database.url!,
      REDIS_URL: "",
      TRUST_PROXY: "false",
      SEED_DEMO: "never",
      ...env,
    });
    const { organiser, token } = await newOrganiser(shared.database.db);
    shared.organiserId = organiser.id;
    shared.token = token;
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all((shared.servers ?? []).map((server) => server.stop()));
    await shared.database?.close();
  });
  return shared;
}
