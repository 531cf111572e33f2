import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, sessions } from "@/db/schema";
import { findSession, createSession } from "@/lib/adapters/sessions/sessions";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { acceptInvitation, findInvitation } from "./invitations";
import { changeMemberRole, listMembers, removeMember } from "./members";

/**
 * Teams through the API: scoped tokens (created by an owner's token, shown once, limited to
 * scopes, events and an expiry, revoked), invitations accepted once, members re-roled and removed
 * (their sessions end, one owner stays), and the audit log of all of it, paged by cursor.
 */

type Json = Record<string, unknown>;
const json = async (response: Response) => (await response.json()) as Json;

describe.each(testDrivers())("teams API on %s", (driver) => {
  let database: TestDatabase;
  let owner: Awaited<ReturnType<typeof newOrganiser>>;
  let eventId: string;
  let otherEventId: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    owner = await newOrganiser(database.db);
    eventId = (await json(await apiRequest("POST", "/api/events", { token: owner.token, json: { name: "Desk Run" } })))
      .id as string;
    otherEventId = (
      await json(await apiRequest("POST", "/api/events", { token: owner.token, json: { name: "Other Run" } }))
    ).id as string;
  }, 300_000);
  afterAll(async () => database?.close());

  it("creates a scoped token limited to one event that mints and reads keys there only", async () => {
    const created = await apiRequest("POST", "/api/tokens", {
      token: owner.token,
      json: { name: "Registration", scopes: ["keys:mint", "keys:read"], eventIds: [eventId] },
    });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ name: "Registration", scopes: ["keys:mint", "keys:read"], eventIds: [eventId] });
    const token = body.token as string;
    expect(token).toMatch(/^rk_/);

    const mint = (id: string) =>
      apiRequest("POST", `/api/events/${id}/actions/generate_starter_keys?count=2`, { token });
    expect((await mint(eventId)).status).toBe(201);
    expect((await mint(otherEventId)).status).toBe(404);
    const refused = await apiRequest("POST", `/api/events/${eventId}/actions/regenerate_passcode`, { token });
    expect(refused.status).toBe(403);
    expect(await json(refused)).toEqual({
      error: {
        code: "forbidden",
        message: "this API token lacks the scope events:write",
        details: [{ path: "scope", message: "events:write" }],
      },
    });
    // A token cannot make tokens without tokens:write, nor grant more than it has.
    expect(
      (await apiRequest("POST", "/api/tokens", { token, json: { name: "x", scopes: ["keys:read"] } })).status,
    ).toBe(403);

    const listed = (await (await apiRequest("GET", "/api/tokens", { token: owner.token })).json()) as Json[];
    const listing = listed.find((entry) => entry.id === body.id)!;
    expect(listing).not.toHaveProperty("token");
    expect(listing.lastUsedAt).not.toBeNull();

    expect((await apiRequest("DELETE", `/api/tokens/${body.id as string}`, { token: owner.token })).status).toBe(204);
    expect((await mint(eventId)).status).toBe(401);
    expect((await apiRequest("DELETE", `/api/tokens/${body.id as string}`, { token: owner.token })).status).toBe(404);
  });

  it("refuses an expired token and an expiry in the past", async () => {
    const past = await apiRequest("POST", "/api/tokens", {
      token: owner.token,
      json: { name: "old", scopes: ["events:read"], expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(400);
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await json(
      await apiRequest("POST", "/api/tokens", {
        token: owner.token,
        json: { name: "brief", scopes: ["events:read"], expiresAt: soon },
      }),
    );
    const token = created.token as string;
    expect((await apiRequest("GET", "/api/events", { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await apiRequest("GET", "/api/events", { token })).status).toBe(401);
  });

  it("invites a helpdesk member for one event once; removal ends their sessions; one owner stays", async () => {
    const invited = await apiRequest("POST", "/api/invitations", {
      token: owner.token,
      json: { email: "Volunteer@Example.com", role: "helpdesk", eventIds: [eventId] },
    });
    expect(invited.status).toBe(201);
    const { inviteUrl, expiresAt } = await json(invited);
    const days = (new Date(expiresAt as string).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const secret = (inviteUrl as string).split("/").at(-1)!;
    expect(await findInvitation(database.db, secret)).toMatchObject({
      email: "volunteer@example.com",
      hasAccount: false,
    });

    const { organiserId, organisationId } = await acceptInvitation(database.db, secret, {
      password: "a long password 1",
    });
    expect(organisationId).toBe(owner.organiser.id);
    await expect(acceptInvitation(database.db, secret, { password: "a long password 1" })).rejects.toMatchObject({
      kind: "not_found",
    });
    const member = (await listMembers(database.db, organisationId)).find((m) => m.organiserId === organiserId);
    expect(member).toMatchObject({ role: "helpdesk", eventIds: [eventId], email: "volunteer@example.com" });

    const { sessionId } = await createSession(database.db, organiserId, new Date(), organisationId);
    expect(await findSession(database.db, sessionId)).toMatchObject({ role: "helpdesk", eventIds: [eventId] });
    await removeMember(database.db, { organisationId, organiserId });
    expect(await findSession(database.db, sessionId)).toBeUndefined();
    expect(await database.db.select().from(sessions).where(eq(sessions.organiserId, organiserId))).toHaveLength(0);

    const ownerOnly = { organisationId, organiserId: owner.organiser.id };
    await expect(removeMember(database.db, ownerOnly)).rejects.toMatchObject({ kind: "conflict" });
    await expect(changeMemberRole(database.db, { ...ownerOnly, role: "editor" })).rejects.toMatchObject({
      kind: "conflict",
    });
    const [still] = await database.db.select().from(memberships).where(eq(memberships.organiserId, owner.organiser.id));
    expect(still!.role).toBe("owner");
  });

  it("keeps an audit log of the event, newest first, paged by cursor, filtered by action", async () => {
    const page = async (query: string) =>
      json(await apiRequest("GET", `/api/events/${eventId}/audit_log?${query}`, { token: owner.token }));
    const first = await page("limit=1");
    const entries = first.entries as Array<Json & { id: string; actor: Json }>;
    expect(entries).toHaveLength(1);
    expect(first.nextCursor).toBe(entries[0]!.id);
    const all = (await page("limit=200")).entries as Json[];
    expect(all.map((entry) => entry.action)).toEqual(expect.arrayContaining(["event.created", "keys.minted"]));
    const minted = (await page("action=keys.minted")).entries as Json[];
    expect(minted).toHaveLength(1);
    expect(minted[0]).toMatchObject({
      eventId,
      detail: { count: 2, replayed: false },
      actor: { kind: "token", label: "API token Registration" },
      outcome: "ok",
    });
    expect(JSON.stringify(all)).not.toContain("rk_");
    const next = await page(`limit=1&cursor=${first.nextCursor as string}`);
    expect(Number((next.entries as Json[])[0]!.id)).toBeLessThan(Number(entries[0]!.id));
    expect(all.map((entry) => Number(entry.id))).toEqual(all.map((entry) => Number(entry.id)).sort((a, b) => b - a));
  });
});
