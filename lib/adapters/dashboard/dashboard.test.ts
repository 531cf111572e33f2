import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { GET as exportKeys } from "@/app/dashboard/events/[eventId]/keys/export/route";
import { getConfig } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { authorizeEvent, type StarterAction } from "@/lib/domain/access";
import { DomainError } from "@/lib/domain/errors";
import { createVisitRecorder } from "@/lib/adapters/landing/visits";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { sessionCookieName } from "@/lib/adapters/sessions/cookie";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { ownerOf } from "@/testing/principals";
import { authorizeKey, principalOf } from "./access";
import { eventKeyCounts, listEventsWithCounts } from "./events";
import { updateKeyDetails } from "./keys";
import { keysTablePage, keysTableQuerySchema, type KeysTableQuery } from "./keys-table";
import { eventActivity, keySeries, visitSeries } from "./stats";

const query = (q: Partial<Record<keyof KeysTableQuery, string>> = {}) => keysTableQuerySchema.parse(q);
type Organiser = Awaited<ReturnType<typeof newOrganiser>>;
const as = (who: Organiser) => principalOf(ownerOf(who.organiser.id));

describe.each(testDrivers())("dashboard data on %s, with two organisers", (driver) => {
  let database: TestDatabase;
  let ada: Organiser;
  let grace: Organiser;
  let adaEvent: string;
  let graceEvent: string;
  /** Ada's 250 keys in creation order. */
  let adaKeys: Array<{ id: string; key: string }>;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ada = await newOrganiser(database.db);
    grace = await newOrganiser(database.db);
    adaEvent = (await createEvent(database.db, ada.organiser.id, { name: "City Run" })).id;
    graceEvent = (await createEvent(database.db, grace.organiser.id, { name: "Harbour Run" })).id;
    await mintStarterKeys(database.db, { organiserId: ada.organiser.id, eventId: adaEvent, count: 250 });
    await mintStarterKeys(database.db, { organiserId: grace.organiser.id, eventId: graceEvent, count: 5 });
    adaKeys = (await database.db
      .select({ id: starters.id, key: starters.key })
      .from(starters)
      .where(eq(starters.eventId, adaEvent))
      .orderBy(asc(starters.seq))) as Array<{ id: string; key: string }>;
    const named = [
      { i: 0, name: "Jürgen Müller", startNumber: "12" },
      { i: 1, name: "Zoë Smith", startNumber: "120" },
      { i: 2, name: "Ann 100% Fast", startNumber: "7" },
      { i: 3, name: "ŁUKASZ ŻÓŁĆ", startNumber: "8" },
      { i: 4, name: "Søren Straße", startNumber: "9" },
    ];
    for (const { i, ...details } of named) {
      const key = await authorizeKey(database.db, as(ada), "starter:write", adaEvent, adaKeys[i]!.id);
      await updateKeyDetails(database.db, key, details);
    }
    const usedIds = adaKeys.slice(10, 40).map((k) => k.id);
    await database.db
      .update(starters)
      .set({ keyUsed: true, redeemedAt: new Date("2026-05-01T07:30:00Z") })
      .where(inArray(starters.id, usedIds));
  });
  afterAll(async () => database?.close());

  /** A key as the key page and its forms get it: through the access policy. */
  const keyOf = (who: Organiser, eventId: string, starterId: string, action: StarterAction = "starter:write") =>
    authorizeKey(database.db, as(who), action, eventId, starterId);

  it("lists each organiser's own events only, with minted and used counts", async () => {
    const adas = await listEventsWithCounts(database.db, as(ada));
    expect(adas.map((e) => [e.event.name, e.minted, e.used])).toEqual([["City Run", 250, 30]]);
    const graces = await listEventsWithCounts(database.db, as(grace));
    expect(graces.map((e) => [e.event.name, e.minted, e.used])).toEqual([["Harbour Run", 5, 0]]);
    expect(await eventKeyCounts(database.db, adaEvent)).toEqual({ minted: 250, used: 30 });
  });

  it("finds an event for its organiser only; others, unknown and malformed ids are all not found", async () => {
    expect((await authorizeEvent(database.db, as(ada), "event:read", adaEvent)).name).toBe("City Run");
    const notFound = { kind: "not_found", message: "event not found" };
    for (const [who, eventId] of [
      [grace, adaEvent],
      [ada, crypto.randomUUID()],
      [ada, "not-a-uuid"],
    ] as const) {
      await expect(authorizeEvent(database.db, as(who), "event:read", eventId)).rejects.toMatchObject(notFound);
    }
  });

  it("pages forward through all keys in creation order, 50 at a time, with positions", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    const positions: number[] = [];
    for (;;) {
      const page = await keysTablePage(database.db, adaEvent, query(after ? { after } : {}));
      expect(page.total).toBe(250);
      positions.push(page.firstPosition);
      seen.push(...page.rows.map((r) => r.key));
      expect(page.previousCursor === undefined).toBe(after === undefined);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(adaKeys.map((k) => k.key));
    expect(positions).toEqual([1, 51, 101, 151, 201]);
  });

  it("jumps to the last page and pages backwards from it", async () => {
    const last = await keysTablePage(database.db, adaEvent, query({ page: "last" }));
    expect(last.rows.map((r) => r.key)).toEqual(adaKeys.slice(200).map((k) => k.key));
    expect(last.firstPosition).toBe(201);
    expect(last.nextCursor).toBeUndefined();
    const previous = await keysTablePage(database.db, adaEvent, query({ before: last.previousCursor! }));
    expect(previous.rows.map((r) => r.key)).toEqual(adaKeys.slice(150, 200).map((k) => k.key));
    expect(previous.firstPosition).toBe(151);
    expect(previous.nextCursor).toBe(adaKeys[199]!.id);
    const first = await keysTablePage(database.db, adaEvent, query({ before: adaKeys[50]!.id }));
    expect(first.firstPosition).toBe(1);
    expect(first.previousCursor).toBeUndefined();
  });

  it("filters used and unused keys", async () => {
    const used = await keysTablePage(database.db, adaEvent, query({ status: "used" }));
    expect(used.total).toBe(30);
    expect(used.rows.every((r) => r.keyUsed && r.redeemedAt)).toBe(true);
    expect(used.rows.map((r) => r.key)).toEqual(adaKeys.slice(10, 40).map((k) => k.key));
    expect((await keysTablePage(database.db, adaEvent, query({ status: "unused" }))).total).toBe(220);
  });

  it("searches by the start of a key, a whole start number, or part of a name", async () => {
    const target = adaKeys[123]!.key;
    const byKey = await keysTablePage(database.db, adaEvent, query({ q: target.slice(0, 4).toLowerCase() }));
    expect(byKey.rows.map((r) => r.key)).toContain(target);
    expect(byKey.rows.every((r) => r.key.startsWith(target.slice(0, 4)))).toBe(true);
    expect((await keysTablePage(database.db, adaEvent, query({ q: "müller" }))).rows.map((r) => r.name)).toEqual([
      "Jürgen Müller",
    ]);
    const names = async (q: string) =>
      (await keysTablePage(database.db, adaEvent, query({ q }))).rows.map((r) => r.name);
    for (const q of ["muller", "MUELLER", "Jurgen Mu", "jürgen müller"])
      expect(await names(q)).toEqual(["Jürgen Müller"]);
    for (const q of ["zoe", "ZOË"]) expect(await names(q)).toEqual(["Zoë Smith"]);
    for (const q of ["lukasz zolc", "łukasz"]) expect(await names(q)).toEqual(["ŁUKASZ ŻÓŁĆ"]);
    for (const q of ["soren strasse", "STRASSE", "straße"]) expect(await names(q)).toEqual(["Søren Straße"]);
    // The two spellings are kept apart: a search never spans them.
    expect(await names("muller juergen")).toEqual([]);
    expect((await keysTablePage(database.db, adaEvent, query({ q: "12" }))).rows.map((r) => r.startNumber)).toEqual([
      "12",
    ]);
    expect((await keysTablePage(database.db, adaEvent, query({ q: "100%" }))).rows.map((r) => r.name)).toEqual([
      "Ann 100% Fast",
    ]);
    expect((await keysTablePage(database.db, adaEvent, query({ q: "%" }))).rows.map((r) => r.name)).toEqual([
      "Ann 100% Fast",
    ]);
    expect((await keysTablePage(database.db, adaEvent, query({ q: "nobody here" }))).total).toBe(0);
  });

  it("never shows another event's keys, even with its key ids as cursors", async () => {
    const [graceKey] = await database.db
      .select({ id: starters.id })
      .from(starters)
      .where(eq(starters.eventId, graceEvent))
      .limit(1);
    const page = await keysTablePage(database.db, adaEvent, query({ after: graceKey!.id }));
    expect(page.rows).toEqual([]);
    const graces = await keysTablePage(database.db, graceEvent, query());
    expect(graces.total).toBe(5);
    expect(graces.rows.some((r) => adaKeys.some((k) => k.id === r.id))).toBe(false);
  });

  it("lets only the owner read and edit a key, and keeps start numbers unique in the event", async () => {
    const key = adaKeys[5]!;
    await expect(keyOf(grace, adaEvent, key.id, "starter:read")).rejects.toMatchObject({ kind: "not_found" });
    await expect(keyOf(ada, graceEvent, key.id, "starter:read")).rejects.toMatchObject({ kind: "not_found" });
    await expect(keyOf(ada, adaEvent, "nope", "starter:read")).rejects.toMatchObject({ kind: "not_found" });
    await expect(keyOf(grace, adaEvent, key.id)).rejects.toBeInstanceOf(DomainError);
    expect((await keyOf(ada, adaEvent, key.id, "starter:read")).name).toBeNull();

    const own = await keyOf(ada, adaEvent, key.id);
    const clash = updateKeyDetails(database.db, own, { name: "Eve", startNumber: "12" });
    await expect(clash).rejects.toMatchObject({ kind: "conflict", details: [{ path: "startNumber" }] });
    const saved = await updateKeyDetails(database.db, own, { name: "Eve", startNumber: "13" });
    expect(saved).toMatchObject({ name: "Eve", startNumber: "13", key: key.key });
    // The same start number in another event is fine.
    const [graceKey] = await database.db
      .select({ id: starters.id })
      .from(starters)
      .where(eq(starters.eventId, graceEvent))
      .limit(1);
    const gracesKey = await keyOf(grace, graceEvent, graceKey!.id);
    await updateKeyDetails(database.db, gracesKey, { name: null, startNumber: "13" });
  });

  it("counts keys and landing-page visits per hour of the organiser's wall clock", async () => {
    const [graceKey] = await database.db
      .select({ key: starters.key })
      .from(starters)
      .where(eq(starters.eventId, graceEvent))
      .limit(1);
    // Recorded as the landing page does; stored as counts per key, platform and UTC hour.
    const recorder = createVisitRecorder(async () => database.db);
    for (const visit of [
      {
        eventId: adaEvent,
        code: adaKeys[0]!.key,
        platform: "ios",
        inApp: true,
        visitedAt: new Date("2026-04-30T22:10:00Z"),
      },
      {
        eventId: adaEvent,
        code: adaKeys[0]!.key,
        platform: "ios",
        inApp: true,
        visitedAt: new Date("2026-04-30T22:40:00Z"),
      },
      {
        eventId: adaEvent,
        code: adaKeys[1]!.key,
        platform: "ios",
        inApp: false,
        visitedAt: new Date("2026-04-30T22:50:00Z"),
      },
      {
        eventId: adaEvent,
        code: adaKeys[0]!.key,
        platform: "android",
        inApp: false,
        visitedAt: new Date("2026-05-01T01:00:00Z"),
      },
      {
        eventId: graceEvent,
        code: graceKey!.key!,
        platform: "desktop",
        inApp: false,
        visitedAt: new Date("2026-05-01T01:00:00Z"),
      },
    ] as const) {
      recorder.record(visit);
    }
    await recorder.flush();
    const activity = await eventActivity(database.db, adaEvent, "Europe/Berlin");
    // 07:30 UTC is 09:30 in Berlin (summer time); 22:10 UTC on 30 April is already 1 May there.
    expect(activity.used).toEqual([{ hour: "2026-05-01T09", count: 30 }]);
    expect(activity.visits).toHaveLength(3);
    expect(activity.visits).toEqual(
      expect.arrayContaining([
        { hour: "2026-05-01T00", platform: "ios", inApp: false, count: 1 },
        { hour: "2026-05-01T00", platform: "ios", inApp: true, count: 2 },
        { hour: "2026-05-01T03", platform: "android", inApp: false, count: 1 },
      ]),
    );
    expect(activity.minted.reduce((sum, m) => sum + m.count, 0)).toBe(250);
    const visits = visitSeries(activity.visits);
    expect(visits.total).toBe(4);
    expect(visits.totals.ios).toEqual({ visits: 3, inApp: 2 });
    const keys = keySeries(activity);
    expect(keys.minted.at(-1)).toBe(250);
    expect(keys.used.at(-1)).toBe(30);
  });

  it("downloads the same CSV as the API for a signed-in organiser, and nothing for anyone else", async () => {
    const cookieOf = async (organiserId: string) =>
      `${sessionCookieName(getConfig())}=${(await createSession(database.db, organiserId)).sessionId}`;
    const download = (eventId: string, search: string, cookie?: string) =>
      exportKeys(
        new Request(`http://racekeys.test/dashboard/events/${eventId}/keys/export?${search}`, {
          headers: cookie ? { cookie } : {},
        }),
        {
          params: Promise.resolve({ eventId }),
        },
      );

    const adaCookie = await cookieOf(ada.organiser.id);
    const mine = await download(adaEvent, "format=csv&delimiter=semicolon&used=true", adaCookie);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-disposition")).toMatch(/attachment; filename=".*-keys-used\.csv"/);
    const api = await apiRequest(
      "GET",
      `/api/events/${adaEvent}/starter_keys?format=csv&delimiter=semicolon&used=true`,
      { token: ada.token },
    );
    const csv = await mine.text();
    expect(csv).toBe(await api.text());
    expect(csv.trim().split("\r\n")).toHaveLength(31);

    const json = await download(adaEvent, "format=json", adaCookie);
    expect(((await json.json()) as unknown[]).length).toBe(250);

    // The labels form leaves "all keys" and the printer offsets empty.
    const pdf = await download(adaEvent, "format=pdf&layout=avery-l7160&used=&offsetX=&offsetY=", adaCookie);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString("latin1");
    expect(bytes.startsWith("%PDF-")).toBe(true);
    expect(bytes.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(12); // 250 labels, 21 per A4 sheet

    const graces = await download(adaEvent, "format=csv", await cookieOf(grace.organiser.id));
    expect(graces.status).toBe(404);
    expect(await graces.text()).not.toContain(adaKeys[0]!.key);

    const signedOut = await download(adaEvent, "format=csv");
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toBe(
      `/signin?next=${encodeURIComponent(`/dashboard/events/${adaEvent}/keys`)}`,
    );

    expect((await download(adaEvent, "format=xml", adaCookie)).status).toBe(400);
  });
});
