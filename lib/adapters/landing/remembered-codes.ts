import type { Db } from "@/db/client";
import { BoundedMap } from "@/lib/platform/cache/bounded-map";
import { findCode, type FoundCode } from "@/lib/domain/keys/find-code";

const MAX_REMEMBERED = 10_000;
const remembered = new WeakMap<Db, BoundedMap<string, { until: number; code: FoundCode }>>();

/**
 * findCode, answered from memory for a key this database handle found less than `maxAgeMs` ago.
 * An event's shared passcode link or a reminder email brings the same key again and again within
 * seconds. The page shows only the event's name and the key's kind, so a rename shows up that much
 * later; redeeming always asks the database. Unknown keys are never remembered: a key minted a moment
 * ago works at once, and each miss still counts against the lookup limit.
 */
export async function findCodeRemembered(db: Db, key: string, maxAgeMs: number): Promise<FoundCode | undefined> {
  let keys = remembered.get(db);
  if (!keys) remembered.set(db, (keys = new BoundedMap(MAX_REMEMBERED)));
  const now = performance.now();
  const hit = keys.get(key);
  if (hit && hit.until > now) return hit.code;
  const code = await findCode(db, key);
  if (code) keys.set(key, { until: now + maxAgeMs, code });
  else keys.delete(key);
  return code;
}
