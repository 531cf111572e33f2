import { getDb } from "@/db/client";
import { principalOf } from "@/lib/adapters/dashboard/access";
import { recordAudit } from "@/lib/domain/audit";
import { getConfig } from "@/lib/platform/config";
import { dashboardRoute } from "@/lib/adapters/dashboard/route";
import { downloadResponse } from "@/lib/adapters/http/download";
import { keyFile } from "@/lib/domain/key-files/key-file";
import { keyFileQuerySchema } from "@/lib/domain/key-files/schemas";

/**
 * The API's starter_keys files (CSV, JSON, label PDF) for a signed-in organiser. Empty fields of the
 * dashboard's forms count as not given.
 */
export const GET = dashboardRoute("keys:export", async ({ req, event, session }) => {
  const given = [...new URL(req.url).searchParams].filter(([, value]) => value !== "");
  const query = keyFileQuerySchema.safeParse(Object.fromEntries(given));
  if (!query.success) {
    return new Response(`This download link is not valid: ${query.error.issues[0]?.message}.`, { status: 400 });
  }
  const db = await getDb();
  const action = query.data.format === "pdf" ? "labels.downloaded" : "keys.exported";
  await recordAudit(db, principalOf(session), { action, eventId: event.id, detail: { format: query.data.format } });
  const file = keyFile(db, event, query.data, {
    publicUrl: getConfig().PUBLIC_URL,
    timeZone: getConfig().TIME_ZONE,
    nameTheFilter: true,
  });
  return downloadResponse(file, { attachment: true });
});
