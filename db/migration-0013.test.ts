import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { installDatabase, queryRows } from "@/db/client";
import { apiRequest } from "@/testing/client";
import { testDrivers, type DriverKind } from "@/testing/database";
import { migrationsBefore, partlyMigrated, type Cleanup } from "@/testing/migrations";

/**
 * Migration 0013 (teams) on a database with today's data: each organiser gets an organisation of
 * the same id that holds its events and owns it, and its existing API tokens keep working as
 * full-scope tokens of that organisation, on the same events and no others.
 */

const ADA = "13131313-0000-4000-8000-0000000000aa";
const GRACE = "13131313-0000-4000-8000-0000000000bb";
const EVENT = "13131313-0000-4000-8000-000000000001";
const GRACE_EVENT = "13131313-0000-4000-8000-000000000002";
const ADA_TOKEN = `rk_${"a".repeat(43)}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const OLD_DATA = [
  `insert into organisers (id, email) values ('${ADA}', 'ada@example.com'), ('${GRACE}', 'grace@example.com')`,
  `insert into codes (code, event_id, kind) values ('PASS13', '${EVENT}', 'passcode'), ('PASS14', '${GRACE_EVENT}', 'passcode'),
     ('KEY131', '${EVENT}', 'key')`,
  `insert into events (id, organiser_id, name, slug, passcode) values
     ('${EVENT}', '${ADA}', 'Old Run', 'old-run', 'PASS13'), ('${GRACE_EVENT}', '${GRACE}', 'Grace Run', 'grace-run', 'PASS14')`,
  `insert into starters (event_id, key, start_number, name) values ('${EVENT}', 'KEY131', '7', 'Peter')`,
  `insert into api_tokens (organiser_id, name, token_hash, hint) values ('${ADA}', 'old', '${sha256(ADA_TOKEN)}', 'rk_aaaaaaa')`,
  `insert into sessions (organiser_id, session_hash, expires_at) values ('${ADA}', 'x', now() + interval '1 day')`,
];

describe.each(testDrivers())("migration 0013 on %s", (kind: DriverKind) => {
  const cleanups: Cleanup[] = [];
  afterAll(async () => {
    installDatabase(undefined);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("gives each organiser its own organisation with its events, and old tokens keep working", async () => {
    const { database, finish } = await partlyMigrated(kind, migrationsBefore("0013_teams", cleanups), cleanups);
    for (const statement of OLD_DATA) await database.db.execute(sql.raw(statement));

    await finish();

    const organisations = await queryRows<{ id: string; name: string }>(
      database.db,
      sql`select id, name from organisations order by id`,
    );
    expect(organisations).toEqual([
      { id: ADA, name: "ada@example.com" },
      { id: GRACE, name: "grace@example.com" },
    ]);
    const members = await queryRows<{ organisation_id: string; organiser_id: string; role: string }>(
      database.db,
      sql`select organisation_id, organiser_id, role from memberships order by organisation_id`,
    );
    expect(members).toEqual([
      { organisation_id: ADA, organiser_id: ADA, role: "owner" },
      { organisation_id: GRACE, organiser_id: GRACE, role: "owner" },
    ]);
    const events = await queryRows<{ id: string; organisation_id: string }>(
      database.db,
      sql`select id, organisation_id from events order by id`,
    );
    expect(events).toEqual([
      { id: EVENT, organisation_id: ADA },
      { id: GRACE_EVENT, organisation_id: GRACE },
    ]);
    const [token] = await queryRows<{
      organisation_id: string;
      scopes: unknown;
      event_ids: unknown;
      expires_at: unknown;
    }>(database.db, sql`select organisation_id, scopes, event_ids, expires_at from api_tokens`);
    expect(token).toEqual({ organisation_id: ADA, scopes: null, event_ids: null, expires_at: null });
    const [session] = await queryRows<{ organisation_id: string }>(
      database.db,
      sql`select organisation_id from sessions`,
    );
    expect(session!.organisation_id).toBe(ADA);

    installDatabase(database);
    const listed = await apiRequest("GET", "/api/events", { token: ADA_TOKEN });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as Array<{ id: string }>).map((event) => event.id)).toEqual([EVENT]);
    const starters = await apiRequest("GET", `/api/events/${EVENT}/starters`, { token: ADA_TOKEN });
    expect(starters.status).toBe(200);
    expect(JSON.stringify(await starters.json())).toContain("KEY131");
    expect((await apiRequest("GET", `/api/events/${GRACE_EVENT}`, { token: ADA_TOKEN })).status).toBe(404);
    const created = await apiRequest("POST", "/api/events", { token: ADA_TOKEN, json: { name: "New Run" } });
    expect(created.status).toBe(201);
  });
});
