import { recordAudit } from "@/lib/domain/audit";
import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { authorizeEvent } from "@/lib/domain/access";
import { downloadResponse } from "@/lib/adapters/http/download";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { keyFile } from "@/lib/domain/key-files/key-file";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listStarterKeys, async ({ db, principal, params, query }) => {
    const event = await authorizeEvent(db, principal, "keys:export", params.eventId);
    const action = query.format === "pdf" ? "labels.downloaded" : "keys.exported";
    await recordAudit(db, principal, { action, eventId: event.id, detail: { format: query.format } });
    const file = keyFile(db, event, query, {
      publicUrl: getConfig().PUBLIC_URL,
      timeZone: getConfig().TIME_ZONE,
      nameTheFilter: false,
    });
    // JSON is the API's answer, read by programs; CSV and PDF are files to save.
    return downloadResponse(file, { attachment: query.format !== "json" });
  }),
});
