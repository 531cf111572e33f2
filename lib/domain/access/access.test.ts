import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { createEvent, listEvents } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import {
  ACCOUNT_ACTIONS,
  ACTIONS,
  authorizeEvent,
  authorizeEventCreation,
  authorizeStarter,
  EVENT_ACTIONS,
  STARTER_ACTIONS,
  type Principal,
} from ".";

/** A promise's outcome as a plain value, so refusals can be compared whole. */
const outcome = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    return { ...(error as object), message: (error as Error).message };
  }
};

const eventNotFound = { kind: "not_found", message: "event not found" };
const starterNotFound = { kind: "not_found", message: "starter not found" };

describe("the action lists", () => {
  it("name every action once, each on events, on starters, or creating events", () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    expect([...EVENT_ACTIONS, ...STARTER_ACTIONS, ...ACCOUNT_ACTIONS, "event:create"].sort()).toEqual(
      [...ACTIONS].sort(),
    );
  });
});

describe.each(testDrivers())("the access policy on %s", (driver) => {
  let database: TestDatabase;
  /** Ada's two principals: her dashboard session and her API token. */
  let principals: Principal[];
  let ada: { eventId: string; otherEventId: string; keyStarterId: string; passcodeStarterId: string };
  let grace: { eventId: string; starterId: string };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { db } = database;
    const adaOrganiser = await newOrganiser(db);
    const graceOrganiser = await newOrganiser(db);
    const organiserId = adaOrganiser.organiser.id;
    principals = [
      { kind: "organiser", organiserId },
      { kind: "token", organiserId, tokenId: adaOrganiser.tokenId },
    ];
    const event = await createEvent(db, organiserId, { name: "City Run" });
    const otherEvent = await createEvent(db, organiserId, { name: "Night Run" });
    const {
      starters: [key],
    } = await mintStarterKeys(db, { organiserId, eventId: event.id, count: 1 });
    const [joined] = await db.insert(starters).values({ eventId: event.id, deviceId: "phone-1" }).returning();
    ada = { eventId: event.id, otherEventId: otherEvent.id, keyStarterId: key!.id, passcodeStarterId: joined!.id };

    const graceEvent = await createEvent(db, graceOrganiser.organiser.id, { name: "Harbour Run" });
    const graceId = graceOrganiser.organiser.id;
    const minted = await mintStarterKeys(db, { organiserId: graceId, eventId: graceEvent.id, count: 1 });
    grace = { eventId: graceEvent.id, starterId: minted.starters[0]!.id };
  });
  afterAll(async () => database?.close());

  it("lets every principal do every event action on its own events; all others are 'event not found'", async () => {
    for (const principal of principals) {
      for (const action of EVENT_ACTIONS) {
        const label = `${principal.kind} ${action}`;
        expect((await authorizeEvent(database.db, principal, action, ada.eventId)).id, label).toBe(ada.eventId);
        for (const eventId of [grace.eventId, crypto.randomUUID(), "not-a-uuid", ""]) {
          const refused = await outcome(authorizeEvent(database.db, principal, action, eventId));
          expect(refused, `${label} ${eventId}`).toEqual(eventNotFound);
        }
      }
    }
  });

  it("lets every principal do every starter action on its own starters, keys and passcode phones alike", async () => {
    for (const principal of principals) {
      for (const action of STARTER_ACTIONS) {
        for (const starterId of [ada.keyStarterId, ada.passcodeStarterId]) {
          for (const eventId of [undefined, ada.eventId]) {
            const found = await authorizeStarter(database.db, principal, action, { starterId, eventId });
            expect([found.starter.id, found.event.id], `${principal.kind} ${action}`).toEqual([starterId, ada.eventId]);
          }
        }
      }
    }
  });

  it("answers another organiser's starter, a missing one, and one of another event 'starter not found'", async () => {
    const refused = [
      { starterId: grace.starterId },
      { starterId: grace.starterId, eventId: grace.eventId },
      { starterId: grace.starterId, eventId: ada.eventId },
      { starterId: crypto.randomUUID() },
      { starterId: crypto.randomUUID(), eventId: ada.eventId },
      { starterId: ada.keyStarterId, eventId: ada.otherEventId },
      { starterId: ada.keyStarterId, eventId: grace.eventId },
      { starterId: ada.keyStarterId, eventId: "not-a-uuid" },
      { starterId: "not-a-uuid" },
    ];
    for (const principal of principals) {
      for (const action of STARTER_ACTIONS) {
        for (const resource of refused) {
          const label = `${principal.kind} ${action} ${JSON.stringify(resource)}`;
          const answer = await outcome(authorizeStarter(database.db, principal, action, resource));
          expect(answer, label).toEqual(starterNotFound);
        }
      }
    }
  });

  it("lists only the principal's events and creates events for its organiser", async () => {
    for (const principal of principals) {
      const listed = await listEvents(database.db, principal);
      expect(listed.map((event) => event.id).sort()).toEqual([ada.eventId, ada.otherEventId].sort());
      expect(authorizeEventCreation(principal)).toBe(principal.organiserId);
    }
  });
});
