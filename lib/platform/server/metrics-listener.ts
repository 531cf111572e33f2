import { createServer, type Server } from "node:http";
import { getConfig } from "@/lib/platform/config";
import { logError, logger } from "@/lib/platform/log";
import { scrape, scrapeAllowed } from "@/lib/platform/metrics";

const globalStore = globalThis as typeof globalThis & { __racekeysMetricsListener?: Server };

/**
 * With METRICS_PORT set, serves GET /metrics on that port, apart from the app: for a scraper on a
 * private network that the public load balancer does not forward to. It asks for METRICS_TOKEN
 * when that is set too. Started once per process.
 */
export function startMetricsListener(): void {
  const { METRICS_PORT } = getConfig();
  if (!METRICS_PORT || globalStore.__racekeysMetricsListener) return;
  const server = createServer((req, res) => {
    const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers })
        .end(body);
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://x").pathname !== "/metrics") {
      return answer(404, "not found: GET /metrics\n");
    }
    if (!scrapeAllowed(req.headers.authorization ?? null, { openListener: true })) {
      return answer(401, "the metrics token is required\n", { "WWW-Authenticate": "Bearer" });
    }
    scrape().then(
      ({ contentType, body }) => answer(200, body, { "Content-Type": contentType }),
      (error: unknown) => {
        logError(error, { during: "metrics scrape" });
        answer(500, "the metrics could not be collected\n");
      },
    );
  });
  server.on("error", (error) => logError(error, { during: "metrics listener" }));
  // Not kept alive for itself: the app's server decides when the process ends.
  server.listen(METRICS_PORT, () => logger.info({ port: METRICS_PORT }, "metrics listener"));
  server.unref();
  globalStore.__racekeysMetricsListener = server;
}
