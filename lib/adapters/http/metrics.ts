import { getConfig } from "@/lib/platform/config";
import { scrape, scrapeAllowed } from "@/lib/platform/metrics";
import { ApiError } from "./errors";
import { withRequestLog } from "./route";

/** GET /metrics on the app's port: a 404 unless METRICS_TOKEN is set, then only with that Bearer token. */
export const serveMetrics = withRequestLog(
  "/metrics",
  async (req) => {
    if (!getConfig().METRICS_TOKEN) throw new ApiError(404, "not_found", "metrics are not enabled on this server");
    if (!scrapeAllowed(req.headers.get("authorization"), { openListener: false })) {
      throw new ApiError(
        401,
        "unauthorized",
        "the metrics token is required (Authorization: Bearer <METRICS_TOKEN>)",
        undefined,
        {
          "WWW-Authenticate": "Bearer",
        },
      );
    }
    const { contentType, body } = await scrape();
    return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  },
  { probe: true },
);
