import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organiserForToken } from "@/lib/auth/tokens";
import { resolveCode } from "@/lib/keys/resolve";
import { openTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { DEMO_EMAIL, seedDemo } from "./demo";

describe("demo seed on the embedded database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(async () => database?.close());

  it("seeds the sample event and a working token once, and never again", async () => {
    const demo = await seedDemo(database.db);
    expect(demo?.email).toBe(DEMO_EMAIL);
    expect(await organiserForToken(database.db, demo!.token)).toEqual(expect.any(String));
    const passcode = await resolveCode(database.db, "6G615L");
    expect(passcode).toMatchObject({ kind: "passcode", event: { name: "Easy QR Code Run", slug: "qrcode-test" } });
    expect(await resolveCode(database.db, "K84N2S")).toMatchObject({ kind: "key", starter: { startNumber: "1", name: "Peter" } });
    expect(await seedDemo(database.db)).toBeUndefined();
  });
});
