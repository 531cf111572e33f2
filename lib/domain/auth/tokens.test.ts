import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApiTokens } from "@/lib/domain/teams/tokens";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { fullTokenOf } from "@/testing/principals";
import { createOrganiser } from "./organisers";
import { createApiToken, principalForToken, revokeAllApiTokens, revokeApiToken } from "./tokens";

describe.each(testDrivers())("API tokens on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => database?.close());

  it("revokes every active token of one organiser at once and says how many", async () => {
    const owner = await createOrganiser(database.db, { email: "owner@example.com" });
    const other = await createOrganiser(database.db, { email: "other@example.com" });
    const [a, b, c] = [
      await createApiToken(database.db, owner.id, "a"),
      await createApiToken(database.db, owner.id, "b"),
      await createApiToken(database.db, owner.id, "c"),
    ];
    const others = await createApiToken(database.db, other.id);
    expect(await revokeApiToken(database.db, owner.id, c.id)).toBe(true);

    expect(await revokeAllApiTokens(database.db, owner.id)).toBe(2);
    for (const { token } of [a, b, c]) expect(await principalForToken(database.db, token)).toBeUndefined();
    const principal = fullTokenOf(other.id, others.id);
    expect(await principalForToken(database.db, others.token)).toEqual(principal);
    expect((await listApiTokens(database.db, owner.id)).every((token) => token.revokedAt)).toBe(true);
    expect(await revokeAllApiTokens(database.db, owner.id)).toBe(0);
  });
});
