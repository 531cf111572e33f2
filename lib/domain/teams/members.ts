import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { events, memberships, organisations, organisers, ROLES, sessions, type Role } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";

/**
 * Members of an organisation: who, with which role and which events. The access policy
 * (lib/domain/access) says what each role may do; this module keeps the memberships and the rule
 * that an organisation always keeps at least one owner.
 */

export const roleSchema = z.enum(ROLES);
/** A helpdesk member may be limited to chosen events; owners and editors see every event. */
export const eventIdsSchema = z.array(z.uuid()).min(1).max(100).optional();

export interface MemberListing {
  organiserId: string;
  email: string;
  role: Role;
  eventIds: string[] | null;
  since: Date;
}

export async function listMembers(db: Queryable, organisationId: string): Promise<MemberListing[]> {
  return db
    .select({
      organiserId: memberships.organiserId,
      email: organisers.email,
      role: memberships.role,
      eventIds: memberships.eventIds,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(organisers, eq(organisers.id, memberships.organiserId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(memberships.createdAt));
}

/** The organisations an account belongs to, for the switcher: its own first. */
export async function organisationsOf(
  db: Queryable,
  organiserId: string,
): Promise<Array<{ id: string; name: string; role: Role }>> {
  return db
    .select({ id: organisations.id, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.organiserId, organiserId))
    .orderBy(sql`${organisations.id} = ${organiserId} desc`, asc(memberships.createdAt));
}

const limitOf = (role: Role, eventIds: readonly string[] | undefined | null) => {
  if (eventIds && role !== "helpdesk") {
    throw new DomainError("invalid", "only helpdesk members can be limited to chosen events", {
      details: [{ path: "eventIds", message: "owners and editors see every event" }],
    });
  }
  return eventIds ? [...eventIds] : null;
};

/** Adds the account to the organisation, or changes its role if it is a member already. */
export async function addMember(
  db: Queryable,
  input: { organisationId: string; organiserId: string; role: Role; eventIds?: readonly string[] | null },
): Promise<void> {
  const eventIds = limitOf(input.role, input.eventIds);
  await db
    .insert(memberships)
    .values({ organisationId: input.organisationId, organiserId: input.organiserId, role: input.role, eventIds })
    .onConflictDoUpdate({
      target: [memberships.organisationId, memberships.organiserId],
      set: { role: input.role, eventIds },
    });
}

/** Locks the organisation's memberships and refuses a change that would leave it without an owner. */
async function keepAnOwner(tx: Queryable, organisationId: string, organiserId: string): Promise<void> {
  const rows = await tx
    .select({ organiserId: memberships.organiserId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.organisationId, organisationId))
    .for("update");
  if (!rows.some((row) => row.organiserId === organiserId)) throw notFound("member");
  if (!rows.some((row) => row.role === "owner" && row.organiserId !== organiserId)) {
    const target = rows.find((row) => row.organiserId === organiserId)!;
    if (target.role === "owner") throw new DomainError("conflict", "an organisation keeps at least one owner");
  }
}

export async function changeMemberRole(
  db: Queryable,
  input: { organisationId: string; organiserId: string; role: Role; eventIds?: readonly string[] | null },
): Promise<void> {
  const eventIds = limitOf(input.role, input.eventIds);
  await db.transaction(async (tx) => {
    if (input.role !== "owner") await keepAnOwner(tx, input.organisationId, input.organiserId);
    const rows = await tx
      .update(memberships)
      .set({ role: input.role, eventIds })
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.organiserId, input.organiserId)))
      .returning({ organiserId: memberships.organiserId });
    if (rows.length === 0) throw notFound("member");
  });
}

/** Removes a member and ends their sessions in the organisation at once; the last owner stays. */
export async function removeMember(
  db: Queryable,
  input: { organisationId: string; organiserId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await keepAnOwner(tx, input.organisationId, input.organiserId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.organiserId, input.organiserId)));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.organiserId, input.organiserId), eq(sessions.organisationId, input.organisationId)));
  });
}

/** Refuses (400) an event list of a member or token that names an event outside the organisation. */
export async function refuseOtherEvents(
  db: Queryable,
  organisationId: string,
  eventIds: readonly string[],
): Promise<void> {
  const found = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.organisationId, organisationId), inArray(events.id, [...eventIds])));
  if (found.length !== eventIds.length) {
    throw new DomainError("invalid", "eventIds names an event that is not this organisation's", {
      details: [{ path: "eventIds", message: "unknown event" }],
    });
  }
}
