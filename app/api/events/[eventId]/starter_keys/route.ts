import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { getOwnEvent } from "@/lib/events/events";
import { handle } from "@/lib/http/route";
import { streamOf } from "@/lib/http/stream";
import { exportStarterKeys } from "@/lib/keys/export";

export const GET = handle(operations.listStarterKeys, async ({ db, organiserId, params, query }) => {
  const event = await getOwnEvent(db, organiserId, params.eventId);
  const chunks = exportStarterKeys(db, event.id, {
    format: query.format,
    delimiter: query.delimiter === "semicolon" ? ";" : ",",
    filter: { used: query.used },
    publicUrl: getConfig().PUBLIC_URL,
  });
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (query.format === "csv") {
    headers["Content-Type"] = "text/csv; charset=utf-8; header=present";
    headers["Content-Disposition"] = `attachment; filename="${event.slug}-keys.csv"`;
  } else {
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  return new Response(streamOf(chunks), { headers });
});
