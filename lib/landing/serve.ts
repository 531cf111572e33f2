import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { landingResponse } from "./handler";
import { createVisitRecorder } from "./visits";

/** The process's visit queue; tests and shutdown can flush it. */
export const landingVisits = createVisitRecorder(getDb);

/** GET and HEAD of /redeem_key with the process's configuration, database and visit recorder. */
export const serveLanding = (req: Request): Promise<Response> =>
  landingResponse(req, { config: getConfig(), database: getDb, recordVisit: landingVisits.record });
