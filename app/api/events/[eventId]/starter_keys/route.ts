import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { streamOf } from "@/lib/adapters/http/stream";
import { exportStarterKeys } from "@/lib/domain/keys/export";
import { renderLabelsPdf } from "@/lib/domain/labels/pdf";
import { starterKeyLabels } from "@/lib/domain/labels/source";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listStarterKeys, async ({ db, principal, params, query }) => {
    const event = await authorizeEvent(db, principal, "keys:export", params.eventId);
    const filter = { used: query.used };
    const publicUrl = getConfig().PUBLIC_URL;
    if (query.format === "pdf") {
      const pdf = renderLabelsPdf({
        layout: query.layout,
        eventName: event.name,
        offsetMm: { x: query.offsetX ?? 0, y: query.offsetY ?? 0 },
        labels: starterKeyLabels(db, event.id, filter, publicUrl),
      });
      return new Response(pdf, {
        headers: {
          "Content-Type": "application/pdf",
          "Content-Disposition": `attachment; filename="${event.slug}-keys-${query.layout}.pdf"`,
          "Cache-Control": "no-store",
        },
      });
    }
    const chunks = exportStarterKeys(db, event.id, {
      format: query.format,
      delimiter: query.delimiter === "semicolon" ? ";" : ",",
      filter,
      publicUrl,
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
