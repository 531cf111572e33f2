import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { dashboardRoute } from "@/lib/adapters/dashboard/route";
import { downloadResponse } from "@/lib/adapters/http/download";
import { usageCsv, usageReport } from "@/lib/domain/usage/usage";

/** The usage report as the API's CSV, for a signed-in organiser. */
export const GET = dashboardRoute("usage:read", async ({ event }) => {
  const usage = await usageReport(await getDb(), event.id, getConfig().TIME_ZONE);
  const file = {
    contentType: "text/csv; charset=utf-8; header=present",
    fileName: `${event.slug}-usage.csv`,
    body: new Blob([usageCsv(usage)]).stream(),
  };
  return downloadResponse(file, { attachment: true });
});
