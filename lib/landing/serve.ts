import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { clientAddress } from "@/lib/ratelimit/client-address";
import { addressLookupLimiter } from "@/lib/ratelimit/lookup-limiters";
import { landingResponse } from "./handler";
import { createVisitRecorder } from "./visits";

/** The process's visit queue; tests and shutdown can flush it. */
export const landingVisits = createVisitRecorder(getDb);

/**
 * GET and HEAD of /redeem_key with the process's configuration, database and visit recorder. Unknown
 * keys count against the same per-address limit as the resolve and redeem API.
 */
export const serveLanding = (req: Request): Promise<Response> =>
  landingResponse(req, {
    config: getConfig(),
    database: getDb,
    recordVisit: landingVisits.record,
    lookupLimit: { limiter: addressLookupLimiter, clientAddress },
  });
