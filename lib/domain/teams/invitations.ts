import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "@/db/client";
import { invitations, organisations, ROLES, type Role } from "@/db/schema";
import { authorizeOrganisation, type Principal } from "@/lib/domain/access";
import { recordAudit } from "@/lib/domain/audit";
import { createOrganiser, emailSchema, findOrganiserByEmail, passwordSchema } from "@/lib/domain/auth/organisers";
import { DomainError, notFound } from "@/lib/domain/errors";
import { invitationLink } from "@/lib/domain/links";
import { addMember, refuseOtherEvents } from "./members";

/**
 * Invitations: an owner invites by email and role; the invitee gets a one-time link, valid 7 days,
 * single use, revocable. Accepting creates the account (password set by the invitee) or adds the
 * membership to the account of that email. Only the link's SHA-256 is stored.
 */

export const INVITATION_DAYS = 7;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export const createInvitationBodySchema = z
  .strictObject({
    email: emailSchema,
    role: z.enum(ROLES),
    eventIds: z.array(z.uuid()).min(1).max(100).optional(),
  })
  .meta({ id: "CreateInvitation" });
export type CreateInvitationBody = z.output<typeof createInvitationBodySchema>;

export const createdInvitationSchema = z
  .object({ id: z.uuid(), inviteUrl: z.url(), expiresAt: z.iso.datetime() })
  .meta({ id: "Invitation" });

export async function createInvitation(
  db: Db,
  principal: Principal,
  body: CreateInvitationBody,
  publicUrl: string,
  now = new Date(),
): Promise<{ id: string; inviteUrl: string; expiresAt: Date }> {
  const organisationId = authorizeOrganisation(principal, "members:manage");
  if (body.eventIds && body.role !== "helpdesk") {
    throw new DomainError("invalid", "only helpdesk members can be limited to chosen events", {
      details: [{ path: "eventIds", message: "owners and editors see every event" }],
    });
  }
  const eventIds = body.eventIds ? [...new Set(body.eventIds)] : null;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    if (eventIds) await refuseOtherEvents(tx, organisationId, eventIds);
    const [row] = await tx
      .insert(invitations)
      .values({
        organisationId,
        email: body.email,
        role: body.role,
        eventIds,
        tokenHash: hash(token),
        invitedBy: principal.organiserId,
        expiresAt,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, principal, {
      action: "member.invited",
      target: row!.id,
      detail: { email: body.email, role: body.role, events: eventIds?.length ?? null },
    });
    return { id: row!.id, inviteUrl: invitationLink(publicUrl, token), expiresAt };
  });
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  eventIds: string[] | null;
  expiresAt: Date;
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export function listPendingInvitations(db: Queryable, organisationId: string): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      eventIds: invitations.eventIds,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.organisationId, organisationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(db: Db, principal: Principal, invitationId: string): Promise<void> {
  const organisationId = authorizeOrganisation(principal, "members:manage");
  if (!z.uuid().safeParse(invitationId).success) throw notFound("invitation");
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.organisationId, organisationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (rows.length === 0) throw notFound("invitation");
    await recordAudit(tx, principal, { action: "invitation.revoked", target: invitationId });
  });
}

/** The pending invitation of a link, with its organisation's name and whether its email has an account. */
export async function findInvitation(
  db: Queryable,
  token: string,
): Promise<{ email: string; role: Role; organisationName: string; hasAccount: boolean } | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await db
    .select({ email: invitations.email, role: invitations.role, organisationName: organisations.name })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(
      and(
        eq(invitations.tokenHash, hash(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    );
  if (!row) return undefined;
  return { ...row, hasAccount: Boolean(await findOrganiserByEmail(db, row.email)) };
}

export const acceptInvitationSchema = z.object({ password: passwordSchema.optional() });

/**
 * Accepts an invitation exactly once (the update that marks it decides): the new member's account
 * (created with `password` if the email has none) and the organisation it joined. An existing
 * account proves itself by being signed in as that email (`signedInAs`).
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { password?: string; signedInAs?: string },
): Promise<{ organiserId: string; organisationId: string }> {
  if (!TOKEN_PATTERN.test(token)) throw notFound("invitation");
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(
        and(
          eq(invitations.tokenHash, hash(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!invitation) throw notFound("invitation");
    const existing = await findOrganiserByEmail(tx, invitation.email);
    let organiserId: string;
    if (existing) {
      if (input.signedInAs !== existing.id) {
        throw new DomainError("forbidden", `sign in as ${invitation.email} to accept this invitation`);
      }
      organiserId = existing.id;
    } else {
      if (!input.password) {
        throw new DomainError("invalid", "choose a password", { details: [{ path: "password", message: "required" }] });
      }
      organiserId = (await createOrganiser(tx, { email: invitation.email, password: input.password })).id;
    }
    const organisationId = invitation.organisationId;
    await addMember(tx, { organisationId, organiserId, role: invitation.role, eventIds: invitation.eventIds });
    await recordAudit(
      tx,
      { kind: "organiser", organiserId, organisationId },
      { action: "member.joined", target: organiserId, detail: { role: invitation.role } },
    );
    return { organiserId, organisationId };
  });
}
