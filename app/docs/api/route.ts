import { apiReferencePage } from "@/lib/adapters/docs/api-reference";
import { routeMethods, withRequestLog } from "@/lib/adapters/http/route";
import { getConfig } from "@/lib/platform/config";

const page = withRequestLog("/docs/api", async () => apiReferencePage(getConfig().PUBLIC_URL));

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({ GET: page });
