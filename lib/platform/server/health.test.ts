import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { installDatabase } from "@/db/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

describe.each(testDrivers())("health and readiness on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => database?.close());

  it("health answers without the database; ready checks it and the migrations", async () => {
    const alive = await health(new Request("http://x.test/api/health"));
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: "ok" });
    const isReady = await ready(new Request("http://x.test/api/ready"));
    expect(isReady.status).toBe(200);
    expect(await isReady.json()).toEqual({ status: "ok" });
  });

  it("ready answers 503 with Retry-After when the database is gone", async () => {
    installDatabase({ ...database, db: undefined as never }); // every query now throws
    const response = await ready(new Request("http://x.test/api/ready"));
    installDatabase(database);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
  });
});
