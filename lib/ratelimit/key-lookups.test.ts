import { describe, expect, it } from "vitest";
import { createKeyLookupLimits, startKeyLookup, WAIT_FOR_POINTS_MS } from "./key-lookups";

const newLimits = (failures: number) => createKeyLookupLimits({ kind: "memory" }, { perAddress: [{ failures, seconds: 600 }], perDevice: [{ failures: 10, seconds: 600 }] });
const client = { address: "198.51.100.7" };

describe("key lookups under the limits", () => {
  it("forgives failures one edit from a key found at the address, once, and no others", async () => {
    const limits = newLimits(4);
    for (const typed of ["K84N2", "k84n2x", "ZZZZZZ"]) await (await startKeyLookup(limits, client, typed)).failed();
    // Found at another address, the key forgives nothing here.
    await (await startKeyLookup(limits, { address: "192.0.2.1" }, "K84N2S")).found("K84N2S");
    await (await startKeyLookup(limits, client, "K84N2S")).found("K84N2S");
    // The two typos were forgiven, ZZZZZZ was not: three of four guesses fit.
    const guesses = await Promise.all(["QQQQQ1", "QQQQQ2", "QQQQQ3", "QQQQQ4"].map((typed) => startKeyLookup(limits, client, typed)));
    expect(guesses.map((g) => g.allowed)).toEqual([true, true, true, false]);
    await Promise.all(guesses.map((g) => g.allowed && g.failed()));
    // A failure is forgiven once: finding the key again gives nothing more back.
    await (await startKeyLookup(limits, client, "K84N2S")).found("K84N2S");
    expect((await startKeyLookup(limits, client, "K84N2")).allowed).toBe(false);
  });

  it("a lookup refused while lookups of its address are in flight gets a point they give back", async () => {
    const limits = newLimits(2);
    const inFlight = [await startKeyLookup(limits, client, "K84N2S"), await startKeyLookup(limits, client, "3Z2GPX")];
    const started = Date.now();
    const waiting = startKeyLookup(limits, client, "6G615L");
    setTimeout(() => void inFlight[0]!.found("K84N2S"), 100);
    const third = await waiting;
    expect(third.allowed).toBe(true);
    expect(Date.now() - started).toBeLessThan(WAIT_FOR_POINTS_MS);
  });

  it("failures give no point back: a burst over the limit is refused, at once when nothing is in flight", async () => {
    const limits = newLimits(2);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => startKeyLookup(limits, client, `QQQQQ${i}`)));
    expect(burst.filter((attempt) => attempt.allowed)).toHaveLength(2);
    await Promise.all(burst.map((attempt) => attempt.allowed && attempt.failed()));
    const started = Date.now();
    expect((await startKeyLookup(limits, client, "QQQQQX")).allowed).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
