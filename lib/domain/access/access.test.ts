import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { createEvent, listEvents } from "@/lib/domain/events/events";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { newOrganiser } from "@/testing/client";
import { fullTokenOf, ownerOf } from "@/testing/principals";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import {
  ACTIONS,
  authorizeEvent,
  authorizeEventCreation,
  authorizeOrganisation,
  authorizeStarter,
  EVENT_ACTIONS,
  ORGANISATION_ACTIONS,
  SCOPE_ACTIONS,
  SCOPES,
  scopeOf,
  STARTER_ACTIONS,
  type MemberPrincipal,
  type Principal,
  type Scope,
  type TokenPrincipal,
} from ".";
import { DomainError } from "@/lib/domain/errors";

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
  it("name every action once, each on events, on starters, or on the organisation", () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    const all = new Set([...EVENT_ACTIONS, ...STARTER_ACTIONS, ...ORGANISATION_ACTIONS]);
    expect([...all].sort()).toEqual([...ACTIONS].sort());
  });

  it("put every action in exactly one token scope", () => {
    const scoped = Object.values(SCOPE_ACTIONS).flat();
    expect(scoped.length).toBe(new Set(scoped).size);
    expect([...scoped].sort()).toEqual([...ACTIONS].sort());
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
    principals = [ownerOf(organiserId), fullTokenOf(organiserId, adaOrganiser.tokenId)];
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
      expect(authorizeEventCreation(principal)).toBe(principal.organisationId);
    }
  });
});

describe.each(testDrivers())("roles and token scopes on %s", (driver) => {
  let database: TestDatabase;
  let organisationId: string;
  let eventId: string;
  let otherEventId: string;
  let starterId: string;
  const member = (role: MemberPrincipal["role"], eventIds: string[] | null = null): MemberPrincipal => ({
    kind: "organiser",
    organiserId: crypto.randomUUID(),
    organisationId,
    role,
    eventIds,
  });
  const token = (scopes: Scope[] | null, eventIds: string[] | null = null): TokenPrincipal => ({
    kind: "token",
    organiserId: organisationId,
    organisationId,
    tokenId: crypto.randomUUID(),
    scopes,
    eventIds,
  });

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    organisationId = (await newOrganiser(database.db)).organiser.id;
    eventId = (await createEvent(database.db, organisationId, { name: "Desk Run" })).id;
    otherEventId = (await createEvent(database.db, organisationId, { name: "Other Desk Run" })).id;
    const minted = await mintStarterKeys(database.db, { organiserId: organisationId, eventId, count: 1 });
    starterId = minted.starters[0]!.id;
  });
  afterAll(async () => database?.close());

  const forbidden = { kind: "forbidden" };

  it("lets the helpdesk search, see and edit starters and release keys, and nothing else", async () => {
    const allowed = new Set(["event:read", "keys:read", "starter:read", "starter:write", "starter:release"]);
    const desk = member("helpdesk");
    for (const action of EVENT_ACTIONS) {
      const answer = await outcome(authorizeEvent(database.db, desk, action, eventId));
      expect(answer, action).toEqual(allowed.has(action) ? "allowed" : expect.objectContaining(forbidden));
    }
    for (const action of STARTER_ACTIONS) {
      expect(await outcome(authorizeStarter(database.db, desk, action, { starterId })), action).toBe("allowed");
    }
    expect(() => authorizeEventCreation(desk)).toThrow(/not allowed for the role helpdesk/);
  });

  it("gives editors everything but deleting events, members, tokens and the audit log", async () => {
    const editor = member("editor");
    for (const action of EVENT_ACTIONS) {
      const answer = await outcome(authorizeEvent(database.db, editor, action, eventId));
      const ownerOnly = action === "event:delete" || action === "audit:read";
      expect(answer, action).toEqual(ownerOnly ? expect.objectContaining(forbidden) : "allowed");
    }
    expect(authorizeEventCreation(editor)).toBe(organisationId);
    expect(() => authorizeOrganisation(editor, "members:manage")).toThrow(DomainError);
    expect(() => authorizeOrganisation(editor, "tokens:manage")).toThrow(DomainError);
    expect(authorizeOrganisation(member("owner"), "tokens:manage")).toBe(organisationId);
  });

  it("hides events outside a member's or a token's list: 'event not found', not forbidden", async () => {
    for (const principal of [member("helpdesk", [otherEventId]), token(null, [otherEventId])]) {
      expect(await outcome(authorizeEvent(database.db, principal, "event:read", eventId))).toEqual(eventNotFound);
      expect(await outcome(authorizeStarter(database.db, principal, "starter:read", { starterId }))).toEqual(
        starterNotFound,
      );
      expect((await authorizeEvent(database.db, principal, "event:read", otherEventId)).id).toBe(otherEventId);
      expect((await listEvents(database.db, principal)).map((event) => event.id)).toEqual([otherEventId]);
      expect(() => authorizeEventCreation(principal)).toThrow(/limited to chosen events|not allowed for the role/);
    }
  });

  it("refuses a token each action outside its scopes with 403 naming the missing scope", async () => {
    for (const scope of SCOPES) {
      const scoped = token([scope]);
      for (const action of EVENT_ACTIONS) {
        const answer = await outcome(authorizeEvent(database.db, scoped, action, eventId));
        if (scopeOf(action) === scope) expect(answer, `${scope} ${action}`).toBe("allowed");
        else
          expect(answer, `${scope} ${action}`).toMatchObject({
            kind: "forbidden",
            message: `this API token lacks the scope ${scopeOf(action)}`,
          });
      }
    }
    expect(
      await outcome(authorizeStarter(database.db, token(["keys:read"]), "starter:release", { starterId })),
    ).toMatchObject({ message: "this API token lacks the scope starters:release" });
  });
});
