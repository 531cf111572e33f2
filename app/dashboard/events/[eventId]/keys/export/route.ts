import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { dashboardRoute } from "@/lib/adapters/dashboard/route";
import { streamOf } from "@/lib/adapters/http/stream";
import { exportStarterKeys } from "@/lib/domain/keys/export";
import { starterKeysQuerySchema } from "@/lib/domain/keys/schemas";
import { renderLabelsPdf } from "@/lib/domain/labels/pdf";
import { starterKeyLabels } from "@/lib/domain/labels/source";

/**
 * The API's starter_keys files (same query, same generators: CSV, JSON, label PDF) for a signed-in
 * organiser. Empty fields of the dashboard's forms count as not given.
 */
export const GET = dashboardRoute("keys:export", async ({ req, event }) => {
  const given = [...new URL(req.url).searchParams].filter(([, value]) => value !== "");
  const query = starterKeysQuerySchema.safeParse(Object.fromEntries(given));
  if (!query.success) return new Response(`This download link is not valid: ${query.error.issues[0]?.message}.`, { status: 400 });
  const { format, delimiter, used, layout, offsetX, offsetY } = query.data;
  const db = await getDb();
  const publicUrl = getConfig().PUBLIC_URL;
  const filter = { used };
  const suffix = (used === undefined ? "" : used ? "-used" : "-unused") + (format === "pdf" ? `-${layout}` : "");
  const download = (type: string) => ({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${event.slug}-keys${suffix}.${format}"`,
    "Cache-Control": "no-store",
  });
  if (format === "pdf") {
    const pdf = renderLabelsPdf({
      layout,
      eventName: event.name,
      offsetMm: { x: offsetX ?? 0, y: offsetY ?? 0 },
      labels: starterKeyLabels(db, event.id, filter, publicUrl),
    });
    return new Response(pdf, { headers: download("application/pdf") });
  }
  const chunks = exportStarterKeys(db, event.id, { format, delimiter: delimiter === "semicolon" ? ";" : ",", filter, publicUrl });
  return new Response(streamOf(chunks), {
    headers: download(format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8"),
  });
});
