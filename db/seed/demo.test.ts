import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisers } from "@/db/schema";
import { createOrganiser, findOrganiserByEmail } from "@/lib/domain/auth/organisers";
import { verifyPassword } from "@/lib/domain/auth/passwords";
import { principalForToken } from "@/lib/domain/auth/tokens";
import { findCode } from "@/lib/domain/keys/find-code";
import { openTestDatabase, type TestDatabase } from "@/testing/database";
import { DEMO_EMAIL, seedDemo } from "./demo";

describe("demo seed on the embedded database", () => {
  const opened: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await openTestDatabase("pglite");
    opened.push(database);
    return database;
  };
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => Promise.all(opened.map((d) => d.close())));

  const demoPasswordHash = async (db: TestDatabase["db"]) =>
    (await findOrganiserByEmail(db, DEMO_EMAIL))!.passwordHash!;

  it("seeds the sample event and a working token once, and never again", async () => {
    const demo = await seedDemo(database.db);
    expect(demo?.email).toBe(DEMO_EMAIL);
    expect((await principalForToken(database.db, demo!.token))?.organiserId).toEqual(expect.any(String));
    const passcode = await findCode(database.db, "6G615L");
    expect(passcode).toMatchObject({ kind: "passcode", event: { name: "Easy QR Code Run", slug: "qrcode-test" } });
    expect(await findCode(database.db, "K84N2S")).toMatchObject({
      kind: "key",
      starter: { startNumber: "1", name: "Peter" },
    });
    expect(await seedDemo(database.db)).toBeUndefined();
  });

  it("gives the demo organiser a random password, different on every database, not the once published one", async () => {
    const other = await freshDatabase();
    const [first, second] = [await demoPasswordHash(database.db), (await seedDemo(other.db))!];
    expect(second.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await verifyPassword(second.password, await demoPasswordHash(other.db))).toBe(true);
    expect(await verifyPassword(second.password, first)).toBe(false);
    expect(await verifyPassword("racekeys-demo", await demoPasswordHash(other.db))).toBe(false);
  });

  it("uses the password it is given (DEMO_PASSWORD, for tests)", async () => {
    const other = await freshDatabase();
    expect((await seedDemo(other.db, "a given password"))!.password).toBe("a given password");
    expect(await verifyPassword("a given password", await demoPasswordHash(other.db))).toBe(true);
  });

  it("never seeds a database that already has an organiser", async () => {
    const other = await freshDatabase();
    await createOrganiser(other.db, { email: "first@example.com", password: "first organiser" });
    expect(await seedDemo(other.db)).toBeUndefined();
    expect(await other.db.select().from(organisers).where(eq(organisers.email, DEMO_EMAIL))).toEqual([]);
    expect(await findCode(other.db, "6G615L")).toBeUndefined();
  });
});
