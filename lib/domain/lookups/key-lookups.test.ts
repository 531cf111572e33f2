import { describe, expect, it } from "vitest";
import { createKeyLookupLimits, decideKeyLookup, type LookupClient } from "./key-lookups";

const newLimits = (failures: number) =>
  createKeyLookupLimits({ kind: "memory" }, { perAddress: [{ failures, seconds: 600 }], perDevice: [{ failures: 10, seconds: 600 }] });
const client: LookupClient = { address: "198.51.100.7" };
/** A lookup of `typed` that found `found` (or nothing), as the routes decide it. */
const lookUp = (limits: ReturnType<typeof newLimits>, typed: string, found?: string, from = client) => decideKeyLookup(limits, from, typed, found);

describe("key lookups under the limits", () => {
  it("forgives failures one edit from a key found at the address, once, and no others", async () => {
    const limits = newLimits(4);
    for (const typed of ["K84N2", "k84n2x", "ZZZZZZ"]) expect((await lookUp(limits, typed)).allowed).toBe(true);
    // Found at another address, the key forgives nothing here.
    await lookUp(limits, "K84N2S", "K84N2S", { address: "192.0.2.1" });
    expect((await lookUp(limits, "K84N2S", "K84N2S")).allowed).toBe(true);
    // The two typos were forgiven, ZZZZZZ was not: three of four guesses fit.
    const guesses = [];
    for (const typed of ["QQQQQ1", "QQQQQ2", "QQQQQ3", "QQQQQ4"]) guesses.push((await lookUp(limits, typed)).allowed);
    expect(guesses).toEqual([true, true, true, false]);
    // A failure is forgiven once: finding the key again gives nothing back, and the full address is refused real keys too.
    expect((await lookUp(limits, "K84N2S", "K84N2S")).allowed).toBe(false);
    expect((await lookUp(limits, "K84N2")).allowed).toBe(false);
  });

  it("real keys hold nothing while they are looked up: any number of them in parallel is answered", async () => {
    const limits = newLimits(2);
    const decisions = await Promise.all(Array.from({ length: 200 }, () => lookUp(limits, "K84N2S", "K84N2S")));
    expect(decisions.every((d) => d.allowed)).toBe(true);
  });

  it("a burst of failures gets exactly the limit answered, and then the address is refused everything", async () => {
    const limits = newLimits(5);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => lookUp(limits, `QQQQ${String(i).padStart(2, "0")}`)));
    expect(burst.filter((d) => d.allowed)).toHaveLength(5);
    expect(burst.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 590)).toBe(true);
    expect((await lookUp(limits, "K84N2S", "K84N2S")).allowed).toBe(false);
    expect((await lookUp(limits, "K84N2S", "K84N2S", { address: "192.0.2.1" })).allowed).toBe(true);
  });

  it("a device over its limit is refused real keys too", async () => {
    const limits = newLimits(100);
    const phone = { address: "198.51.100.8", deviceId: "phone-1" };
    for (let i = 0; i < 10; i++) expect((await lookUp(limits, `QQQQ${i}X`, undefined, phone)).allowed).toBe(true);
    expect((await lookUp(limits, "K84N2S", "K84N2S", phone)).allowed).toBe(false);
    expect((await lookUp(limits, "K84N2S", "K84N2S", { ...phone, deviceId: "phone-2" })).allowed).toBe(true);
  });
});
