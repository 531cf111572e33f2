import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerOf } from "@/testing/principals";
import type { Db } from "@/db/client";
import { codes, starters } from "@/db/schema";
import { GET as exportKeys } from "@/app/dashboard/events/[eventId]/keys/export/route";
import { getConfig } from "@/lib/platform/config";
import { STARTER_ACTIONS, type StarterAction } from "@/lib/domain/access";
import { createEvent } from "@/lib/domain/events/events";
import { randomCode } from "@/lib/domain/keys/code";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { sessionCookieName } from "@/lib/adapters/sessions/cookie";
import { createSession } from "@/lib/adapters/sessions/sessions";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { authorizeKey, principalOf } from "./access";
import { updateKeyDetails } from "./keys";
import { keysTablePage, keysTableQuerySchema } from "./keys-table";
import { previewMerge, saveMerge } from "./participants";

/**
 * Every organiser-facing input that takes a key (or a starter or event id, which stand for keys)
 * gives an organiser the same answer for another organiser's code as for a code that exists
 * nowhere, so no input can be used to test which codes other organisers hold. Answers are compared
 * whole, with the probed value itself replaced by a placeholder.
 */

const PROBE = "<probe>";

async function keysOf(db: Db, eventId: string): Promise<Array<{ id: string; key: string }>> {
  const rows = await db
    .select({ id: starters.id, key: starters.key })
    .from(starters)
    .where(eq(starters.eventId, eventId))
    .orderBy(asc(starters.seq));
  return rows.map((r) => ({ id: r.id, key: r.key! }));
}

/** A well-formed code that is neither a key nor a passcode, and shares no 3-character prefix with `avoid`. */
async function unusedCode(db: Db, avoid: string[]): Promise<string> {
  for (;;) {
    const code = randomCode();
    const taken = await db.select().from(codes).where(eq(codes.code, code));
    if (!taken.length && !avoid.some((other) => other.slice(0, 3) === code.slice(0, 3))) return code;
  }
}

/** The answer as JSON with `probe` (and its lower-case form) replaced by the placeholder. */
const masked = (answer: unknown, probe: string) =>
  JSON.stringify(answer).replaceAll(probe, PROBE).replaceAll(probe.toLowerCase(), PROBE);

/** A promise's outcome as a plain value: what it resolved to, or the error it was rejected with. */
const outcome = async (promise: Promise<unknown>) => {
  try {
    return { resolved: await promise };
  } catch (error) {
    return { rejected: { ...(error as object), message: (error as Error).message } };
  }
};

/** A Response as status, the headers a client could read, and body text. */
const responseOf = async (response: Response) => ({
  status: response.status,
  contentType: response.headers.get("content-type"),
  body: await response.text(),
});

describe.each(testDrivers())("another organiser's codes look like unknown ones on %s", (driver) => {
  let database: TestDatabase;
  let ada: Awaited<ReturnType<typeof newOrganiser>>;
  let adaEvent: string;
  let adaKeys: Array<{ id: string; key: string }>;
  /** Grace's key, its starter and event, and her passcode: all real, none Ada's. */
  let foreign: { key: string; starterId: string; eventId: string; passcode: string };
  /** A code, starter id and event id that exist nowhere. */
  let unknown: { key: string; starterId: string; eventId: string };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ada = await newOrganiser(database.db);
    const grace = await newOrganiser(database.db);
    adaEvent = (await createEvent(database.db, ada.organiser.id, { name: "City Run" })).id;
    const graceEvent = await createEvent(database.db, grace.organiser.id, { name: "Harbour Run" });
    await mintStarterKeys(database.db, { organiserId: ada.organiser.id, eventId: adaEvent, count: 5 });
    adaKeys = await keysOf(database.db, adaEvent);
    await mintStarterKeys(database.db, { organiserId: grace.organiser.id, eventId: graceEvent.id, count: 20 });
    // Grace's key shares no prefix with Ada's, so a prefix search in Ada's table could only find it by leaking.
    const graceKey = (await keysOf(database.db, graceEvent.id)).find(
      (k) => !adaKeys.some((own) => own.key.slice(0, 3) === k.key.slice(0, 3)),
    )!;
    foreign = { key: graceKey.key, starterId: graceKey.id, eventId: graceEvent.id, passcode: graceEvent.passcode };
    unknown = {
      key: await unusedCode(
        database.db,
        adaKeys.map((k) => k.key),
      ),
      starterId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
    };
  });
  afterAll(async () => database?.close());

  /** Asserts that `answer` is the same for every probe, and returns it for a look. */
  async function sameAnswer(probes: string[], answer: (probe: string) => Promise<unknown>): Promise<string> {
    const answers = [];
    for (const probe of probes) answers.push(masked(await answer(probe), probe));
    expect(new Set(answers).size, answers.join("\n")).toBe(1);
    return answers[0]!;
  }

  it("participant list preview and save: a key column, a starter_id column", async () => {
    const keyRow = (key: string) => `name;key\nAnna;${key}\n`;
    const idRow = (id: string) => `name;starter_id\nAnna;${id}\n`;
    const keyProbes = [foreign.key, foreign.passcode, unknown.key];

    const preview = await sameAnswer(keyProbes, (key) => previewMerge(database.db, adaEvent, keyRow(key)));
    expect(preview).toContain(`key ${PROBE} is not a key of this event`);
    await sameAnswer(keyProbes, (key) => previewMerge(database.db, adaEvent, keyRow(key.toLowerCase())));
    await sameAnswer(keyProbes, (key) =>
      saveMerge(database.db, adaEvent, { text: keyRow(key), bom: false }, getConfig().PUBLIC_URL),
    );

    const byId = await sameAnswer([foreign.starterId, unknown.starterId], (id) =>
      previewMerge(database.db, adaEvent, idRow(id)),
    );
    expect(byId).toContain(`no participant of this event has starter_id ${PROBE}`);
    await sameAnswer([foreign.starterId, unknown.starterId], (id) =>
      saveMerge(database.db, adaEvent, { text: idRow(id), bom: false }, getConfig().PUBLIC_URL),
    );
    // Nothing of Grace's was touched.
    const [graceStarter] = await database.db.select().from(starters).where(eq(starters.id, foreign.starterId));
    expect(graceStarter!.name).toBeNull();
  });

  it("keys table search by whole key and by key prefix", async () => {
    for (const length of [6, 3]) {
      const page = await sameAnswer([foreign.key, unknown.key], (key) =>
        keysTablePage(database.db, adaEvent, keysTableQuerySchema.parse({ q: key.slice(0, length) })),
      );
      expect(JSON.parse(page)).toMatchObject({ rows: [], total: 0 });
    }
  });

  it("key page, its details form and its release: another organiser's starter id, in her event or in this one", async () => {
    const probes = [foreign.starterId, unknown.starterId];
    // As the key page (starter:read), its details form (starter:write) and its release get the key.
    const adasKey = (action: StarterAction, eventId: string, id: string) =>
      authorizeKey(database.db, principalOf(ownerOf(ada.organiser.id)), action, eventId, id);
    for (const action of STARTER_ACTIONS) {
      const notFound = await sameAnswer(probes, (id) => outcome(adasKey(action, adaEvent, id)));
      expect(JSON.parse(notFound)).toMatchObject({ rejected: { kind: "not_found" } });
      const eventOfProbe = (id: string) => (id === foreign.starterId ? foreign.eventId : unknown.eventId);
      await sameAnswer(probes, (id) => outcome(adasKey(action, eventOfProbe(id), id)));
    }
    const mallory = { name: "Mallory", startNumber: "1" };
    await sameAnswer(probes, (id) =>
      outcome(adasKey("starter:write", adaEvent, id).then((key) => updateKeyDetails(database.db, key, mallory))),
    );
  });

  it("dashboard downloads of another organiser's event", async () => {
    const cookie = `${sessionCookieName(getConfig())}=${(await createSession(database.db, ada.organiser.id)).sessionId}`;
    const answer = await sameAnswer([foreign.eventId, unknown.eventId], async (eventId) =>
      responseOf(
        await exportKeys(
          new Request(`http://racekeys.test/dashboard/events/${eventId}/keys/export?format=csv`, {
            headers: { cookie },
          }),
          {
            params: Promise.resolve({ eventId }),
          },
        ),
      ),
    );
    expect(JSON.parse(answer)).toMatchObject({ status: 404 });
  });

  it("API: release_key, starter_keys (every format and filter) and the event operations", async () => {
    const release = await sameAnswer([foreign.starterId, unknown.starterId], async (id) =>
      responseOf(await apiRequest("POST", `/api/starters/${id}/actions/release_key`, { token: ada.token })),
    );
    expect(JSON.parse(release)).toMatchObject({ status: 404 });
    const eventProbes = [foreign.eventId, unknown.eventId];
    for (const query of ["format=json", "format=csv&used=true", "format=pdf&used=false"]) {
      const list = await sameAnswer(eventProbes, async (eventId) =>
        responseOf(await apiRequest("GET", `/api/events/${eventId}/starter_keys?${query}`, { token: ada.token })),
      );
      expect(JSON.parse(list)).toMatchObject({ status: 404 });
    }
    for (const [method, action] of [
      ["GET", ""],
      ["POST", "/actions/regenerate_passcode"],
      ["POST", "/actions/generate_starter_keys?count=1"],
    ] as const) {
      await sameAnswer(eventProbes, async (eventId) =>
        responseOf(await apiRequest(method, `/api/events/${eventId}${action}`, { token: ada.token })),
      );
    }
    // Grace's key is still free and unbound, her passcode unchanged.
    const [graceStarter] = await database.db.select().from(starters).where(eq(starters.id, foreign.starterId));
    expect(graceStarter).toMatchObject({ keyUsed: false, deviceId: null });
    const [passcode] = await database.db.select().from(codes).where(eq(codes.code, foreign.passcode));
    expect(passcode!.kind).toBe("passcode");
  });
});
