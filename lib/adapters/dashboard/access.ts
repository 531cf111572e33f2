import { notFound as notFoundPage } from "next/navigation";
import { getDb, type Queryable } from "@/db/client";
import type { Event, Starter } from "@/db/schema";
import {
  authorizeEvent,
  authorizeStarter,
  type EventAction,
  type Principal,
  type StarterAction,
} from "@/lib/domain/access";
import { DomainError, isNotFound, notFound } from "@/lib/domain/errors";
import type { RequestSession } from "@/lib/adapters/sessions/request";

/** What a dashboard session carries about its member (RequestSession). */
export type SessionMember = Pick<RequestSession, "organiserId" | "organisationId" | "role" | "eventIds">;

/** The principal of a dashboard session: the signed-in member in the session's organisation. */
export const principalOf = (session: SessionMember): Principal => ({
  kind: "organiser",
  organiserId: session.organiserId,
  organisationId: session.organisationId,
  role: session.role,
  eventIds: session.eventIds,
});

/** A starter with a personal key. */
export type KeyStarter = Starter & { key: string };

/**
 * The key a dashboard key page and its forms are about: a starter of the event in the URL that the
 * principal may do `action` on, with a key. A phone that joined with the passcode has no key page,
 * so its starter is "not found" like anything else.
 */
export async function authorizeKey(
  db: Queryable,
  principal: Principal,
  action: StarterAction,
  eventId: string,
  starterId: string,
): Promise<KeyStarter> {
  const { starter } = await authorizeStarter(db, principal, action, { starterId, eventId });
  if (!starter.key) throw notFound("starter");
  return { ...starter, key: starter.key };
}

/**
 * A page's answer to "not found": the 404 page, for missing and other organisers' events and keys
 * alike, and for a page the member's role does not open (a helpdesk member's labels page): the
 * dashboard links to no such page, so it is as good as missing.
 */
async function orNotFoundPage<T>(access: Promise<T>): Promise<T> {
  try {
    return await access;
  } catch (error) {
    if (isNotFound(error) || (error instanceof DomainError && error.kind === "forbidden")) notFoundPage();
    throw error;
  }
}

/** The event of a page, if the signed-in organiser may do `action` on it; else the 404 page. */
export async function requireEvent(session: SessionMember, action: EventAction, eventId: string): Promise<Event> {
  return orNotFoundPage(authorizeEvent(await getDb(), principalOf(session), action, eventId));
}

/** The key of a key page (`authorizeKey`); else the 404 page. */
export async function requireKey(
  session: SessionMember,
  action: StarterAction,
  eventId: string,
  starterId: string,
): Promise<KeyStarter> {
  return orNotFoundPage(authorizeKey(await getDb(), principalOf(session), action, eventId, starterId));
}
