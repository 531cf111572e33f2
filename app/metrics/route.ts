import { serveMetrics } from "@/lib/adapters/http/metrics";
import { routeMethods } from "@/lib/adapters/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({ GET: serveMetrics });
