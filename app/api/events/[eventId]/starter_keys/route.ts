import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { getOwnEvent } from "@/lib/events/events";
import { handle, routeMethods } from "@/lib/http/route";
import { streamOf } from "@/lib/http/stream";
import { exportStarterKeys } from "@/lib/keys/export";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listStarterKeys, async ({ db, organiserId, params, query }) => {
    const event = await getOwnEvent(db, organiserId, params.eventId);
    const chunks = exportStarterKeys(db, event.id, {
      format: query.format,
      delimiter: query.delimiter === "semicolon" ? ";" : ",",
      filter: { used: query.used },
      publicUrl: getConfig().PUBLIC_URL,
    });
    const headers: Record<string, string> =
      query.format === "csv"
        ? {
            "Content-Type": "text/csv; charset=utf-8; header=present",
            "Content-Disposition": `attachment; filename="${event.slug}-keys.csv"`,
          }
        : { "Content-Type": "application/json; charset=utf-8" };
    return new Response(streamOf(chunks), { headers: { ...headers, "Cache-Control": "no-store" } });
  }),
});
