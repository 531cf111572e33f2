import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { clientAddress } from "@/lib/platform/ratelimit/client-address";
import { keyLookupLimits } from "@/lib/domain/lookups/lookup-limiters";
import { landingResponse } from "./handler";
import { createVisitRecorder } from "./visits";

/** Long enough to absorb a burst on one link, short enough that an organiser's rename shows soon. */
const REMEMBER_FOUND_KEYS_MS = 10_000;

/** The process's visit queue; tests and shutdown can flush it. */
export const landingVisits = createVisitRecorder(getDb);

/**
 * GET and HEAD of /redeem_key with the process's configuration, database and visit recorder. Unknown
 * keys count against the same per-address limit as the resolve and redeem API; found keys are
 * remembered for a few seconds.
 */
export const serveLanding = async (req: Request): Promise<Response> =>
  landingResponse(req, {
    config: getConfig(),
    database: getDb,
    recordVisit: landingVisits.record,
    lookupLimit: { limits: await keyLookupLimits(), clientAddress },
    rememberFoundKeysMs: REMEMBER_FOUND_KEYS_MS,
  });
