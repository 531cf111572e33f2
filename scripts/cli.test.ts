import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { principalForToken } from "@/lib/domain/auth/tokens";
import { findOrganiserByEmail } from "@/lib/domain/auth/organisers";
import { verifyPassword } from "@/lib/domain/auth/passwords";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run("npx", ["tsx", "scripts/cli.ts", ...args], { env: { ...process.env, ...env } });

// Skipped without TEST_DATABASE_URL (CI always sets it): the CLI runs as its own process against
// DATABASE_URL, which must be a server that this test process can open too.
describe.skipIf(!hasPostgres())("operator CLI on postgres", () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    env = { DATABASE_URL: database.url! };
  });
  afterAll(async () => database?.close());

  it("create-organiser prints a working API token as its last line", async () => {
    const { stdout } = await cli(
      ["create-organiser", "--email", "Race@Example.com", "--password", "a long password"],
      env,
    );
    const token = stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^rk_[\w-]{43}$/);
    const organiser = await findOrganiserByEmail(database.db, "race@example.com");
    expect((await principalForToken(database.db, token))?.organiserId).toBe(organiser!.id);
    expect(await verifyPassword("a long password", organiser!.passwordHash!)).toBe(true);
  });

  it("create-token prints another token; unknown emails and duplicates fail clearly", async () => {
    const { stdout } = await cli(["create-token", "--email", "race@example.com"], env);
    expect(stdout.trim()).toMatch(/^rk_[\w-]{43}$/);
    await expect(cli(["create-token", "--email", "nobody@example.com"], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no organiser with email nobody@example.com"),
    });
    await expect(cli(["create-organiser", "--email", "race@example.com"], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("exists"),
    });
    await expect(cli(["create-organiser"], env)).rejects.toMatchObject({ code: 2 });
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
// Without PostgreSQL, one skipped placeholder says why in the report.
if (!hasPostgres()) describe("operator CLI", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
