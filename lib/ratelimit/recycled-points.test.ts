import { describe, expect, it } from "vitest";
import { createFailureLimiter } from "./failure-limiter";
import { RECYCLE_HOLD_MS, recyclingPoints } from "./recycled-points";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const limiters = (failures: number, seconds = 600) => {
  const store = createFailureLimiter({ kind: "memory" }, "recycle-test", [{ failures, seconds }]);
  return { store, recycling: recyclingPoints(store) };
};
/** Points the store holds for a subject, read by taking one and giving it back. */
const heldInStore = async (store: ReturnType<typeof limiters>["store"], subject: string) => {
  const decision = await store.consume(subject);
  if (decision.allowed) await store.reward(subject);
  return decision.heldBefore;
};

describe("recycled points", () => {
  it("a point given back serves the next attempt here while the store keeps holding it, then goes back", async () => {
    const { store, recycling } = limiters(5);
    expect((await recycling.consume("venue")).allowed).toBe(true);
    await recycling.reward("venue");
    expect(await heldInStore(store, "venue")).toBe(1);
    expect(await recycling.consume("venue")).toMatchObject({ allowed: true, heldBefore: 1 });
    expect(await heldInStore(store, "venue")).toBe(1); // the same point, not a second one
    await recycling.reward("venue");
    await sleep(RECYCLE_HOLD_MS + 100);
    expect(await heldInStore(store, "venue")).toBe(0);
  });

  it("a burst gets at most the limit, also with points kept here", async () => {
    const { recycling } = limiters(3);
    await recycling.consume("burst");
    await recycling.reward("burst");
    const burst = await Promise.all(Array.from({ length: 30 }, () => recycling.consume("burst")));
    expect(burst.filter((d) => d.allowed)).toHaveLength(3);
  });

  it("a kept point is not reused after its window ended", async () => {
    const { store, recycling } = limiters(1, 1);
    await recycling.consume("edge");
    await recycling.reward("edge");
    await sleep(1100);
    expect(await recycling.consume("edge")).toMatchObject({ allowed: true, heldBefore: 0 });
    expect((await store.consume("edge")).allowed).toBe(false); // that attempt holds the new window's point
  });
});
