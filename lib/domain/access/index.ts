import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import {
  events,
  starters,
  webhookEndpoints,
  type Event,
  type Role,
  type Starter,
  type WebhookEndpoint,
} from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";

/**
 * The one access policy: may this principal do this action on this event or starter? Every API
 * route, server action, download and dashboard page asks here, and lists filter with
 * `visibleEvents`.
 *
 * Two questions, in this order: does the principal see the resource (an event of the principal's
 * organisation, and of its event list if it has one), then may it do the action (the member's role,
 * or the token's scopes). What a principal does not see is "not found", exactly like what does not
 * exist; what it sees but may not do is "forbidden", naming the role or the missing scope.
 */

/** Who asks: a member of an organisation in a dashboard session, or a program with an API token. */
export type Principal = MemberPrincipal | TokenPrincipal;
export interface MemberPrincipal {
  kind: "organiser";
  organiserId: string;
  organisationId: string;
  role: Role;
  /** Null: every event of the organisation. */
  eventIds: readonly string[] | null;
}
export interface TokenPrincipal {
  kind: "token";
  /** Who created the token (mint idempotency keys are per creator). */
  organiserId: string;
  organisationId: string;
  tokenId: string;
  /** Null: every scope (tokens from before scopes). */
  scopes: readonly Scope[] | null;
  eventIds: readonly string[] | null;
}

/** What is done to one event (and its keys as a whole). */
export const EVENT_ACTIONS = [
  "event:read",
  "event:write",
  "event:archive",
  "event:delete",
  "passcode:regenerate",
  "keys:read",
  "keys:mint",
  "keys:export",
  "participants:merge",
  /** Key at checkout: one starter per registration id, with a key (minted if none is left). */
  "starters:checkout",
  "usage:read",
  "audit:read",
  /** Activities uploaded with the event's keys: list and read their tracks, delete one. */
  "activities:read",
  "activities:delete",
] as const;
/** What is done to one starter (a key, or a phone that joined with the passcode). */
export const STARTER_ACTIONS = ["starter:read", "starter:write", "starter:release"] as const;
/** What is done to the organisation itself. */
export const ORGANISATION_ACTIONS = [
  "event:create",
  "members:manage",
  "tokens:manage",
  "audit:read",
  /** Webhook endpoints hear all the organisation's events (or chosen ones). */
  "webhooks:read",
  "webhooks:manage",
] as const;
export const ACTIONS = [...new Set([...ORGANISATION_ACTIONS, ...EVENT_ACTIONS, ...STARTER_ACTIONS])] as const;

export type EventAction = (typeof EVENT_ACTIONS)[number];
export type StarterAction = (typeof STARTER_ACTIONS)[number];
export type OrganisationAction = (typeof ORGANISATION_ACTIONS)[number];
export type Action = EventAction | StarterAction | OrganisationAction;

/** What each role may do with what it sees. */
const HELPDESK: readonly Action[] = ["event:read", "keys:read", "starter:read", "starter:write", "starter:release"];
const OWNER_ONLY: readonly Action[] = [
  "event:delete",
  "members:manage",
  "tokens:manage",
  "audit:read",
  "webhooks:manage",
];
export const ROLE_GRANTS: Record<Role, ReadonlySet<Action>> = {
  owner: new Set(ACTIONS),
  editor: new Set(ACTIONS.filter((action) => !OWNER_ONLY.includes(action))),
  helpdesk: new Set(HELPDESK),
};

/** API token scopes, and the actions each allows. Every action is in exactly one scope. */
export const SCOPE_ACTIONS = {
  "events:read": ["event:read"],
  "events:write": ["event:create", "event:write", "event:archive", "event:delete", "passcode:regenerate"],
  "keys:mint": ["keys:mint", "starters:checkout"],
  "keys:read": ["keys:read", "keys:export", "starter:read"],
  "starters:write": ["starter:write", "participants:merge"],
  "starters:release": ["starter:release"],
  "usage:read": ["usage:read"],
  "audit:read": ["audit:read"],
  "activities:read": ["activities:read"],
  "activities:write": ["activities:delete"],
  "webhooks:read": ["webhooks:read"],
  "webhooks:write": ["webhooks:manage"],
  "members:write": ["members:manage"],
  "tokens:write": ["tokens:manage"],
} as const satisfies Record<string, readonly Action[]>;
export type Scope = keyof typeof SCOPE_ACTIONS;
export const SCOPES = Object.keys(SCOPE_ACTIONS) as Scope[];
export const scopeSchema = z.enum(SCOPES as [Scope, ...Scope[]]);

/** The one scope a token needs for an action. */
export const scopeOf = (action: Action): Scope =>
  SCOPES.find((scope) => (SCOPE_ACTIONS[scope] as readonly Action[]).includes(action))!;

/** Whether the principal may do the action on what it sees (no event check). */
export function mayDo(principal: Principal, action: Action): boolean {
  if (principal.kind === "token") return principal.scopes === null || principal.scopes.includes(scopeOf(action));
  return ROLE_GRANTS[principal.role].has(action);
}

function permit(principal: Principal, action: Action): void {
  if (mayDo(principal, action)) return;
  if (principal.kind === "token") {
    const scope = scopeOf(action);
    throw new DomainError("forbidden", `this API token lacks the scope ${scope}`, {
      details: [{ path: "scope", message: scope }],
    });
  }
  throw new DomainError("forbidden", `${action} is not allowed for the role ${principal.role}`);
}

/** The events a principal sees: the one filter of lists ("my events") and of the checks below. */
export const visibleEvents = (principal: Principal): SQL =>
  and(
    eq(events.organisationId, principal.organisationId),
    principal.eventIds === null
      ? undefined
      : principal.eventIds.length === 0
        ? sql`false`
        : inArray(events.id, [...principal.eventIds]),
  )!;

/** The filter of a list of events ("my events"): the principal must be allowed to read events. */
export function listableEvents(principal: Principal): SQL {
  permit(principal, "event:read");
  return visibleEvents(principal);
}

const uuidSchema = z.uuid();
const isUuid = (value: string) => uuidSchema.safeParse(value).success;

/**
 * The organisation the principal may do an organisation-wide action in (create events, manage
 * members and tokens, read the whole audit log). A principal limited to chosen events may not.
 */
export function authorizeOrganisation(principal: Principal, action: OrganisationAction): string {
  permit(principal, action);
  if (principal.eventIds !== null) {
    throw new DomainError("forbidden", `${action} is not allowed for a principal limited to chosen events`);
  }
  return principal.organisationId;
}

/** The organisation a new event of the principal belongs to. */
export const authorizeEventCreation = (principal: Principal): string =>
  authorizeOrganisation(principal, "event:create");

/**
 * The event, if the principal may do `action` (each of several) on it. A malformed id, a missing
 * event and another organisation's event are all "event not found".
 */
export async function authorizeEvent(
  db: Queryable,
  principal: Principal,
  action: EventAction | readonly EventAction[],
  eventId: string,
): Promise<Event> {
  if (!isUuid(eventId)) throw notFound("event");
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), visibleEvents(principal)));
  if (!event) throw notFound("event");
  for (const one of typeof action === "string" ? [action] : action) permit(principal, one);
  return event;
}

/**
 * The starter and its event, if the principal may do `action` on it; with `eventId`, only a
 * starter of that event (a dashboard URL names both). Anything else is "starter not found".
 */
export async function authorizeStarter(
  db: Queryable,
  principal: Principal,
  action: StarterAction,
  { starterId, eventId }: { starterId: string; eventId?: string },
): Promise<{ starter: Starter; event: Event }> {
  if (!isUuid(starterId) || (eventId !== undefined && !isUuid(eventId))) throw notFound("starter");
  const [found] = await db
    .select({ starter: starters, event: events })
    .from(starters)
    .innerJoin(events, eq(events.id, starters.eventId))
    .where(
      and(
        eq(starters.id, starterId),
        eventId === undefined ? undefined : eq(starters.eventId, eventId),
        visibleEvents(principal),
      ),
    );
  if (!found) throw notFound("starter");
  permit(principal, action);
  return found;
}

/** The webhook endpoint, if the principal may do `action` on it; anything else is "webhook not found". */
export async function authorizeWebhook(
  db: Queryable,
  principal: Principal,
  action: "webhooks:read" | "webhooks:manage",
  webhookId: string,
): Promise<WebhookEndpoint> {
  if (!isUuid(webhookId)) throw notFound("webhook");
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, webhookId),
        eq(webhookEndpoints.organisationId, authorizeOrganisation(principal, action)),
      ),
    );
  if (!endpoint) throw notFound("webhook");
  return endpoint;
}

/** Refuses (not found) when any of the events is not one the principal sees. */
export async function authorizeEventIds(db: Queryable, principal: Principal, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const seen = await db
    .select({ id: events.id })
    .from(events)
    .where(and(inArray(events.id, eventIds), visibleEvents(principal)));
  if (seen.length !== new Set(eventIds).size) throw notFound("event");
}
