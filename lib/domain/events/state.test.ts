import { describe, expect, it } from "vitest";
import { eventPhase, eventState } from "./state";

const at = (iso: string) => new Date(iso);
const event = { startsAt: at("2026-06-01T08:00:00Z"), endsAt: at("2026-06-01T16:00:00Z") };

describe("eventState", () => {
  it("is upcoming before the start, live from the start through the redeem grace period, ended after it", () => {
    expect(eventState(event, at("2026-06-01T07:59:59Z"), 7)).toBe("upcoming");
    expect(eventState(event, at("2026-06-01T08:00:00Z"), 7)).toBe("live");
    expect(eventState(event, at("2026-06-08T16:00:00Z"), 7)).toBe("live");
    expect(eventState(event, at("2026-06-08T16:00:01Z"), 7)).toBe("ended");
    expect(eventState(event, at("2026-06-01T16:00:01Z"), 0)).toBe("ended");
  });

  it("is live without dates, and never ends without an end", () => {
    expect(eventState({ startsAt: null, endsAt: null }, at("2099-01-01T00:00:00Z"), 0)).toBe("live");
    expect(eventState({ startsAt: event.startsAt, endsAt: null }, at("2099-01-01T00:00:00Z"), 0)).toBe("live");
    expect(eventState({ startsAt: null, endsAt: event.endsAt }, at("2000-01-01T00:00:00Z"), 0)).toBe("live");
  });
});

describe("eventPhase", () => {
  it("splits live at the end: the race, then the days its keys are still redeemable", () => {
    expect(eventPhase(event, at("2026-06-01T07:59:59Z"), 7)).toBe("upcoming");
    expect(eventPhase(event, at("2026-06-01T16:00:00Z"), 7)).toBe("live");
    expect(eventPhase(event, at("2026-06-01T16:00:01Z"), 7)).toBe("redeemable");
    expect(eventPhase(event, at("2026-06-08T16:00:00Z"), 7)).toBe("redeemable");
    expect(eventPhase(event, at("2026-06-08T16:00:01Z"), 7)).toBe("ended");
    expect(eventPhase({ startsAt: null, endsAt: null }, at("2099-01-01T00:00:00Z"), 0)).toBe("live");
  });
});
