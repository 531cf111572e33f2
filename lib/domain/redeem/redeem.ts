import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { events, starters, type Event } from "@/db/schema";
import { DomainError, type DomainErrorKind } from "@/lib/domain/errors";
import { countRedeem, type RedeemOutcome } from "@/lib/platform/metrics";
import { lookUpKeyOrThrow, unknownKey, type LookupClient } from "./lookup";
import { toPublicEvent } from "@/lib/domain/events/schemas";
import { outboxInsert } from "@/lib/domain/webhooks/outbox";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/wake";
import { eventState } from "@/lib/domain/events/state";
import type { RedeemedKeyOutput, RedeemKeyInput } from "./schemas";

type StarterAnswer = RedeemedKeyOutput["starter"];

export interface RedeemContext {
  client: LookupClient;
  now: Date;
  /** Days after an event's end during which it can still be redeemed (REDEEM_GRACE_DAYS). */
  graceDays: number;
  /** Starter slots the passcode can make per event (PASSCODE_SLOTS_PER_EVENT). */
  passcodeSlotsPerEvent: number;
}

const passcodeFull = (slots: number) =>
  new DomainError(
    "conflict",
    `this event's passcode has connected its limit of ${slots.toLocaleString("en-GB")} phones; ask the organiser for a personal key`,
  );

const keyInUse = () =>
  new DomainError(
    "conflict",
    "this key is already in use on another phone; the organiser can release it so that it works on this one",
  );

/** "Gone" once an event ended more than `graceDays` ago (`eventState`); resolving such keys still works. */
export function assertRedeemable(event: Pick<Event, "startsAt" | "endsAt">, now: Date, graceDays: number): void {
  if (!event.endsAt || eventState(event, now, graceDays) !== "ended") return;
  const ended = event.endsAt.toISOString().slice(0, 10);
  throw new DomainError(
    "gone",
    `this event ended on ${ended}; its keys could be redeemed for ${graceDays} days after that`,
  );
}

/**
 * Connects an app installation: a personal key binds to its first device, the passcode gives each
 * device a starter slot of its own. Both are idempotent per device, for retries over bad networks.
 */
export async function redeemCode(db: Db, input: RedeemKeyInput, context: RedeemContext): Promise<RedeemedKeyOutput> {
  try {
    const found = await lookUpKeyOrThrow(db, input.key, { ...context.client, deviceId: input.deviceId });
    assertRedeemable(found.event, context.now, context.graceDays);
    const starter = found.starter
      ? await bindKey(db, found.starter.id, input)
      : await joinWithPasscode(db, found.event.id, input, context.passcodeSlotsPerEvent);
    return { kind: found.kind, event: toPublicEvent(found.event), starter };
  } catch (error) {
    const outcome = error instanceof DomainError ? REFUSAL_OUTCOMES[error.kind] : undefined;
    if (outcome) countRedeem(outcome);
    throw error;
  }
}

/** Refusals counted where they are thrown by kind; "taken" and "full" (both conflicts) where they are decided. */
const REFUSAL_OUTCOMES: Partial<Record<DomainErrorKind, RedeemOutcome>> = {
  not_found: "unknown",
  limited: "limited",
  gone: "gone",
};

/**
 * Binds a key's starter to a device in one statement, decided by the database: `locked` takes the
 * row lock (waiting for a concurrent redeem to commit, then reading its result), `bound` updates only
 * a row that had no device, and `history` records the binding in the same statement. The answer is
 * "bound" (this call won), "repeat" (this device already holds it) or "taken" (another device does).
 * Link data fills only fields the organiser left empty (`participantOnRedeem` is this rule in code).
 */
async function bindKey(db: Db, starterId: string, input: RedeemKeyInput): Promise<StarterAnswer> {
  const [row] = await queryRows<StarterAnswer & { outcome: "bound" | "repeat" | "taken"; hooked: number }>(
    db,
    sql`with locked as (
          select id, device_id, start_number, name from starters where id = ${starterId} for update
        ), bound as (
          update starters s
          set key_used = true, device_id = ${input.deviceId}, redeemed_at = now(), updated_at = now(),
              start_number = coalesce(s.start_number, ${input.startNumber ?? null}::text),
              name = coalesce(s.name, ${input.name ?? null}::text)
          from locked
          where s.id = locked.id and locked.device_id is null
          returning s.id, s.event_id, s.import_id, s.start_number, s.name, s.redeemed_at
        ), history as (
          insert into key_bindings (starter_id, device_id) select id, ${input.deviceId} from bound
        ), hooks as (${redeemedHook})
        select 'bound' as outcome, id, start_number as "startNumber", name, (select count(*) from hooks)::int as hooked from bound
        union all
        select case when device_id = ${input.deviceId} then 'repeat' else 'taken' end, id, start_number, name, 0
        from locked where device_id is not null`,
  );
  if (!row) throw unknownKey(); // the event was deleted since the lookup
  if (row.hooked) wakeWebhookWorker();
  countRedeem(row.outcome);
  if (row.outcome === "taken") throw keyInUse();
  return { id: row.id, startNumber: row.startNumber, name: row.name };
}

/** The `starter.key_redeemed` message of a `bound` or `slot` CTE, written by the redeem statement itself. */
const redeemedHook = outboxInsert(
  "starter.key_redeemed",
  sql.raw("bound"),
  sql.raw("bound.event_id"),
  sql.raw(
    `jsonb_build_object('eventId', bound.event_id, 'starterId', bound.id, 'importId', bound.import_id,
      'startNumber', bound.start_number, 'name', bound.name, 'keyUsed', true, 'redeemedAt', bound.redeemed_at)`,
  ),
);

const answerColumns = { id: starters.id, startNumber: starters.startNumber, name: starters.name };

/**
 * The device's passcode slot of the event: created by the first call, returned by every later one,
 * and only while the event has fewer than `slotsPerEvent` of them. One statement: `counted` adds
 * the slot to the event's count unless the device has one or the event is full (the update waits
 * for the event row and re-checks the committed count, so concurrent joins cannot overshoot the
 * cap), and `slot` inserts only what was counted. The partial unique index on (event_id, device_id)
 * decides between concurrent first calls of one device: the later ones insert nothing, give their
 * count back and read the winner's row in a new statement. The row lock is held for one statement,
 * not across round trips, so joins at the start line queue only briefly on it.
 */
async function joinWithPasscode(
  db: Db,
  eventId: string,
  input: RedeemKeyInput,
  slotsPerEvent: number,
): Promise<StarterAnswer> {
  const [joined] = await queryRows<StarterAnswer & { outcome: "created" | "duplicate"; hooked: number }>(
    db,
    sql`with counted as (
          update events set passcode_slots = passcode_slots + 1
          where id = ${eventId} and passcode_slots < ${slotsPerEvent}
            and not exists (select 1 from starters where event_id = ${eventId} and device_id = ${input.deviceId} and key is null)
          returning id
        ), slot as (
          insert into starters (event_id, device_id, start_number, name, key_used, redeemed_at)
          select id, ${input.deviceId}, ${input.startNumber ?? null}::text, ${input.name ?? null}::text, true, now() from counted
          on conflict (event_id, device_id) where key is null do nothing
          returning id, event_id, import_id, start_number, name, redeemed_at
        ), bound as (select * from slot), hooks as (${redeemedHook})
        select 'created' as outcome, id, start_number as "startNumber", name, (select count(*) from hooks)::int as hooked from slot
        union all
        select 'duplicate', null, null, null, 0 from counted where not exists (select 1 from slot)`,
  );
  if (joined?.hooked) wakeWebhookWorker();
  if (joined?.outcome === "created") {
    countRedeem("bound");
    return { id: joined.id, startNumber: joined.startNumber, name: joined.name };
  }
  if (joined?.outcome === "duplicate") {
    await db
      .update(events)
      .set({ passcodeSlots: sql`${events.passcodeSlots} - 1` })
      .where(eq(events.id, eventId));
  }
  const [existing] = await db
    .select(answerColumns)
    .from(starters)
    .where(and(eq(starters.eventId, eventId), eq(starters.deviceId, input.deviceId), isNull(starters.key)));
  if (existing) {
    countRedeem("repeat");
    return existing;
  }
  const [event] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
  if (!event) throw unknownKey(); // the event was deleted in between
  countRedeem("full");
  throw passcodeFull(slotsPerEvent);
}
