import type { EventPhase } from "@/lib/domain/events/state";

/** An event's state as a badge (`eventStatus`); `data-event-state` like the landing page's. */
export function EventStateBadge({ status }: { status: { phase: EventPhase; label: string } }) {
  return (
    <span className={`badge state-${status.phase}`} data-event-state={status.phase}>
      {status.label}
    </span>
  );
}
