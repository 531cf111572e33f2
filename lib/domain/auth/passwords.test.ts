import { describe, expect, it } from "vitest";
import {
  hashPassword,
  PASSWORD_HASHES_AT_ONCE,
  PASSWORD_HASHES_WAITING,
  passwordHashing,
  PasswordHashingBusyError,
  verifyPassword,
} from "./passwords";

describe("passwords", () => {
  it("hashes with scrypt and a random salt, and verifies", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });

  it("computes at most one hash per core at once, queues a few, and refuses the rest as busy", async () => {
    // Cheap parameters (they travel with the hash) go through the same slots, and keep the test fast.
    const stored = `scrypt$4096$8$1$${"A".repeat(22)}$${"B".repeat(43)}`;
    const burst = 10 * (PASSWORD_HASHES_AT_ONCE + PASSWORD_HASHES_WAITING);
    const checks = Array.from({ length: burst }, () => verifyPassword("correct horse battery", stored));
    expect(passwordHashing()).toEqual({ running: PASSWORD_HASHES_AT_ONCE, waiting: PASSWORD_HASHES_WAITING });
    const outcomes = await Promise.allSettled(checks);
    const busy = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof PasswordHashingBusyError);
    const checked = outcomes.filter((o) => o.status === "fulfilled" && o.value === false);
    expect(checked).toHaveLength(PASSWORD_HASHES_AT_ONCE + PASSWORD_HASHES_WAITING);
    expect(busy).toHaveLength(burst - checked.length);
    expect(passwordHashing()).toEqual({ running: 0, waiting: 0 });
    // Once the burst is through, hashing works again.
    expect(await verifyPassword("correct horse battery", stored)).toBe(false);
    expect(passwordHashing()).toEqual({ running: 0, waiting: 0 });
  });
});
