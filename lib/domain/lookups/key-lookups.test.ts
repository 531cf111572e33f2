import { describe, expect, it } from "vitest";
import type { FoundCode } from "@/lib/domain/keys/find-code";
import { createKeyLookupLimits, decideKeyLookup, lookUpKey, type LookupClient } from "./key-lookups";

const newLimits = (failures: number) =>
  createKeyLookupLimits(
    { kind: "memory" },
    { perAddress: [{ failures, seconds: 600 }], perDevice: [{ failures: 10, seconds: 600 }] },
  );
const client: LookupClient = { address: "198.51.100.7" };
/** A lookup of `typed` that found `found` (or nothing), as `lookUpKey` decides it. */
const decide = (limits: ReturnType<typeof newLimits>, typed: string, found?: string, from = client) =>
  decideKeyLookup(limits, from, typed, found);

describe("key lookups under the limits", () => {
  it("forgives failures one edit from a key found at the address, once, and no others", async () => {
    const limits = newLimits(4);
    for (const typed of ["K84N2", "k84n2x", "ZZZZZZ"]) expect((await decide(limits, typed)).allowed).toBe(true);
    // Found at another address, the key forgives nothing here.
    await decide(limits, "K84N2S", "K84N2S", { address: "192.0.2.1" });
    expect((await decide(limits, "K84N2S", "K84N2S")).allowed).toBe(true);
    // The two typos were forgiven, ZZZZZZ was not: three of four guesses fit.
    const guesses = [];
    for (const typed of ["QQQQQ1", "QQQQQ2", "QQQQQ3", "QQQQQ4"]) guesses.push((await decide(limits, typed)).allowed);
    expect(guesses).toEqual([true, true, true, false]);
    // A failure is forgiven once: finding the key again gives nothing back, and the full address is refused real keys too.
    expect((await decide(limits, "K84N2S", "K84N2S")).allowed).toBe(false);
    expect((await decide(limits, "K84N2")).allowed).toBe(false);
  });

  it("real keys hold nothing while they are looked up: any number of them in parallel is answered", async () => {
    const limits = newLimits(2);
    const decisions = await Promise.all(Array.from({ length: 200 }, () => decide(limits, "K84N2S", "K84N2S")));
    expect(decisions.every((d) => d.allowed)).toBe(true);
  });

  it("a burst of failures gets exactly the limit answered, and then the address is refused everything", async () => {
    const limits = newLimits(5);
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => decide(limits, `QQQQ${String(i).padStart(2, "0")}`)),
    );
    expect(burst.filter((d) => d.allowed)).toHaveLength(5);
    expect(burst.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 590)).toBe(true);
    expect((await decide(limits, "K84N2S", "K84N2S")).allowed).toBe(false);
    expect((await decide(limits, "K84N2S", "K84N2S", { address: "192.0.2.1" })).allowed).toBe(true);
  });

  it("a device over its limit is refused real keys too", async () => {
    const limits = newLimits(100);
    const phone = { address: "198.51.100.8", deviceId: "phone-1" };
    for (let i = 0; i < 10; i++) expect((await decide(limits, `QQQQ${i}X`, undefined, phone)).allowed).toBe(true);
    expect((await decide(limits, "K84N2S", "K84N2S", phone)).allowed).toBe(false);
    expect((await decide(limits, "K84N2S", "K84N2S", { ...phone, deviceId: "phone-2" })).allowed).toBe(true);
  });
});

describe("lookUpKey", () => {
  const passcode: FoundCode = {
    kind: "passcode",
    event: {
      id: "00000000-0000-4000-8000-000000000000",
      name: "Run",
      slug: "run",
      startsAt: null,
      endsAt: null,
      app: null,
      accentColor: null,
      description: null,
      logoHash: null,
      logoWidth: null,
      logoHeight: null,
    },
  };
  /** A database of one code, recording what it was asked. */
  const database = () => {
    const asked: string[] = [];
    const find = async (key: string) => {
      asked.push(key);
      return key === "6G615L" ? passcode : undefined;
    };
    return { asked, find };
  };

  it("finds the normalised key, and reads a malformed one as the empty key, which matches nothing", async () => {
    const { asked, find } = database();
    expect(await lookUpKey(" 6g615l ", find, undefined)).toEqual({ outcome: "found", key: "6G615L", code: passcode });
    expect(await lookUpKey("not a key", find, undefined)).toEqual({ outcome: "unknown" });
    expect(asked).toEqual(["6G615L", ""]);
  });

  it("counts what it did not find, and refuses a client over the limit whatever the key", async () => {
    const limit = { limits: newLimits(2), client };
    const { find } = database();
    expect(await lookUpKey("QQQQQ1", find, limit)).toEqual({ outcome: "unknown" });
    expect(await lookUpKey("not a key", find, limit)).toEqual({ outcome: "unknown" });
    expect(await lookUpKey("QQQQQ2", find, limit)).toMatchObject({
      outcome: "limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await lookUpKey("6G615L", find, limit)).toMatchObject({ outcome: "limited" });
    expect(await lookUpKey("6G615L", find, { ...limit, client: { address: "192.0.2.1" } })).toMatchObject({
      outcome: "found",
    });
  });

  it("counts nothing when the database read fails", async () => {
    const limit = { limits: newLimits(1), client };
    const failing = () => Promise.reject(new Error("connection lost"));
    for (let i = 0; i < 3; i++) await expect(lookUpKey("QQQQQ1", failing, limit)).rejects.toThrow("connection lost");
    expect(await lookUpKey("QQQQQ1", database().find, limit)).toEqual({ outcome: "unknown" });
  });
});
