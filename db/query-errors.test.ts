import { inspect } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "@/lib/platform/log";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { codes, starters } from "./schema";

/** Everything a logger could print of an error: what console.error (util.inspect) and pino get. */
const printed = (error: unknown) =>
  `${inspect(error, { depth: 10 })}\n${(error as Error).stack}\n${JSON.stringify(describeError(error))}`;

describe.each(testDrivers())("failed queries on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => database?.close());

  const failure = (query: PromiseLike<unknown>) =>
    Promise.resolve(query).then(
      () => expect.fail("the query should fail"),
      (error: unknown) => error,
    );

  it("carry no parameter values: not a NUL-bearing search, not a value PostgreSQL quotes, not a duplicate key", async () => {
    const nul = await failure(database.db.select().from(starters).where(eq(starters.name, "Secret\u0000Searcher")));
    const uuid = await failure(database.db.select().from(starters).where(eq(starters.id, "not-a-uuid-Lindqvist")));
    const eventId = crypto.randomUUID();
    await database.db.insert(codes).values({ code: "QX7RZ4", eventId, kind: "key" });
    const duplicate = await failure(database.db.insert(codes).values({ code: "QX7RZ4", eventId, kind: "key" }));

    for (const error of [nul, uuid, duplicate]) {
      expect(printed(error)).not.toMatch(/Secret|Searcher|Lindqvist|QX7RZ4|params: [^[]/);
      expect(printed(error)).not.toContain(eventId);
      // What is left says what failed: the SQL text and the database's own message.
      expect(describeError(error).query).toMatch(/^(select|insert)/);
    }
    expect(describeError(uuid).message).toBe('invalid input syntax for type uuid: "…"');
    expect(describeError(duplicate).message).toMatch(/duplicate key value violates unique constraint "codes_pkey"/);
  });
});
