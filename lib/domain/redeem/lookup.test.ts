import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createEvent } from "@/lib/domain/events/events";
import { DomainError } from "@/lib/domain/errors";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, type TestDatabase } from "@/testing/database";
import { lookUpKeyOrThrow } from "./lookup";

describe("lookUpKeyOrThrow", () => {
  let database: TestDatabase;
  let passcode: string;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    const { organiser } = await newOrganiser(database.db);
    ({ passcode } = await createEvent(database.db, organiser.id, { name: "Lookup Run" }));
  });
  afterAll(async () => database?.close());

  /** The database, counting the statements run through it. */
  function countingDb(): { db: Db; statements: () => number } {
    let statements = 0;
    const db = new Proxy(database.db, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (
          typeof value !== "function" ||
          !["select", "execute", "insert", "update", "delete"].includes(String(property))
        )
          return value;
        return (...args: unknown[]) => {
          statements++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { db, statements: () => statements };
  }

  it("does the same work for malformed and unknown keys and fails with the same error", async () => {
    const outcomes = [];
    for (const [i, input] of ["ZZZZZ9", "not a key", "", "x".repeat(10_000)].entries()) {
      const { db, statements } = countingDb();
      const error = await lookUpKeyOrThrow(db, input, { address: `192.0.2.${i}` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      const { kind, message } = error as DomainError;
      outcomes.push({ statements: statements(), kind, message });
    }
    expect(new Set(outcomes.map((o) => JSON.stringify(o))).size).toBe(1);
    expect(outcomes[0]).toEqual({
      statements: 1,
      kind: "not_found",
      message: expect.stringContaining("no event has this key or passcode"),
    });
  });

  it("resolves a known code with one statement", async () => {
    const { db, statements } = countingDb();
    expect(
      await lookUpKeyOrThrow(db, passcode.toLowerCase(), { address: "192.0.2.50", deviceId: "phone" }),
    ).toMatchObject({ kind: "passcode" });
    expect(statements()).toBe(1);
  });
});
