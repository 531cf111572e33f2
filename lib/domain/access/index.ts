import { and, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { events, starters, webhookEndpoints, type Event, type Starter, type WebhookEndpoint } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";

/**
 * The one access policy: may this principal do this action on this event or starter? Every API
 * route, server action, download and dashboard page asks here, and lists filter with
 * `visibleEvents`, so teams, roles and scoped tokens (issue 14) change this module only.
 *
 * Two questions, in this order: does the principal see the resource (today: it is of the
 * principal's organiser), then may it do the action (today: every principal may do everything it
 * sees). What a principal does not see is "not found", exactly like what does not exist.
 */

/** Who asks: a signed-in organiser (a dashboard session) or a program with an organiser's API token. */
export type Principal = { kind: "organiser"; organiserId: string } | TokenPrincipal;
export type TokenPrincipal = { kind: "token"; organiserId: string; tokenId: string };

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
] as const;
/** What is done to one starter (a key, or a phone that joined with the passcode). */
export const STARTER_ACTIONS = ["starter:read", "starter:write", "starter:release"] as const;
/** What is done to the account's own things: its webhook endpoints (they hear all its events). */
export const ACCOUNT_ACTIONS = ["webhooks:read", "webhooks:manage"] as const;
export const ACTIONS = ["event:create", ...EVENT_ACTIONS, ...STARTER_ACTIONS, ...ACCOUNT_ACTIONS] as const;

export type EventAction = (typeof EVENT_ACTIONS)[number];
export type StarterAction = (typeof STARTER_ACTIONS)[number];
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
export type Action = (typeof ACTIONS)[number];

/**
 * What each kind of principal may do with what it sees: today everything, as every principal acts
 * for the event's owner; roles narrow it here (`event:delete` stays the owner's).
 */
const GRANTS: Record<Principal["kind"], ReadonlySet<Action>> = {
  organiser: new Set(ACTIONS),
  token: new Set(ACTIONS),
};

function permit(principal: Principal, action: Action): void {
  if (!GRANTS[principal.kind].has(action)) {
    const who = principal.kind === "token" ? "API token" : "account";
    throw new DomainError("forbidden", `${action} is not allowed for this ${who}`);
  }
}

/** The events a principal sees: the one filter of lists ("my events") and of the checks below. */
export const visibleEvents = (principal: Principal): SQL => eq(events.organiserId, principal.organiserId);

const uuidSchema = z.uuid();
const isUuid = (value: string) => uuidSchema.safeParse(value).success;

/** The organiser a new event of the principal belongs to. */
export function authorizeEventCreation(principal: Principal): string {
  permit(principal, "event:create");
  return principal.organiserId;
}

/**
 * The event, if the principal may do `action` (each of several) on it. A malformed id, a missing
 * event and another organiser's event are all "event not found".
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

/**
 * The owner whose webhook endpoints the principal may read or manage (today its organiser; issue
 * 14 makes it an organisation). Events named by an endpoint must be ones the principal sees.
 */
export function authorizeWebhooks(principal: Principal, action: AccountAction): string {
  permit(principal, action);
  return principal.organiserId;
}

/** The webhook endpoint, if the principal may do `action` on it; anything else is "webhook not found". */
export async function authorizeWebhook(
  db: Queryable,
  principal: Principal,
  action: AccountAction,
  webhookId: string,
): Promise<WebhookEndpoint> {
  if (!isUuid(webhookId)) throw notFound("webhook");
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, webhookId), eq(webhookEndpoints.ownerId, principal.organiserId)));
  if (!endpoint) throw notFound("webhook");
  permit(principal, action);
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
