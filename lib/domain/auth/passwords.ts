import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { availableParallelism } from "node:os";
import { createWorkSlots } from "@/lib/platform/work/slots";

// scrypt with N=2^15, r=8: 32 MiB of memory per hash (OWASP's minimum is N=2^17 with r=8, p=1,
// or equivalent cost); p=3 keeps the total work at that level on two cores.
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;

/** Hashes computed at once per process: one per core, so a burst of sign-ins cannot take 32 MiB each. */
export const PASSWORD_HASHES_AT_ONCE = availableParallelism();
/** Hashes waiting for a slot; past them a hash is refused at once rather than queued without end. */
export const PASSWORD_HASHES_WAITING = 8 * PASSWORD_HASHES_AT_ONCE;

/** Every hashing slot and waiting place is taken: the caller answers "busy, try again". */
export class PasswordHashingBusyError extends Error {
  constructor() {
    super("too many password checks at once; try again in a few seconds");
  }
}

const hashingSlots = createWorkSlots({
  atOnce: PASSWORD_HASHES_AT_ONCE,
  waiting: PASSWORD_HASHES_WAITING,
  busy: () => new PasswordHashingBusyError(),
});

/** How many hashes run and wait in this process now. */
export const passwordHashing = () => hashingSlots.state();

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return hashingSlots.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

/**
 * `scrypt$N$r$p$salt$hash`, salt and hash base64url: the parameters travel with the hash. Throws
 * PasswordHashingBusyError when this process has too many hashes running and waiting.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Throws PasswordHashingBusyError like `hashPassword`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
