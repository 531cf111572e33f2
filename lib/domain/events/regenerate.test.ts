import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";

/** Parallel regenerations; PGlite runs them one at a time, PostgreSQL really at once. */
const PARALLEL = 6;

describe.each(testDrivers())("regenerating the passcode concurrently on %s", (driver) => {
  let database: TestDatabase;
  let token: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
  });
  afterAll(async () => database?.close());

  it("leaves only the event's current passcode working: every earlier one is 404 to resolve and redeem", async () => {
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Night Run" } });
    const { id: eventId, passcode: first } = (await created.json()) as { id: string; passcode: string };

    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        apiRequest("POST", `/api/events/${eventId}/actions/regenerate_passcode`, { token }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(PARALLEL).fill(200));
    const issued = await Promise.all(answers.map(async (a) => ((await a.json()) as { passcode: string }).passcode));
    const current = (
      (await (await apiRequest("GET", `/api/events/${eventId}`, { token })).json()) as { passcode: string }
    ).passcode;
    expect(new Set([first, ...issued]).size).toBe(PARALLEL + 1);
    expect(issued).toContain(current);

    for (const [i, passcode] of [first, ...issued].entries()) {
      const expected = passcode === current ? 200 : 404;
      const resolved = await apiRequest("GET", `/api/starters/actions/resolve_key?key=${passcode}`);
      expect(resolved.status, `resolve ${passcode}`).toBe(expected);
      const redeemed = await apiRequest("POST", "/api/starters/actions/redeem_key", {
        json: { key: passcode, deviceId: `phone-${i}` },
      });
      expect(redeemed.status, `redeem ${passcode}`).toBe(expected);
    }
  });
});
