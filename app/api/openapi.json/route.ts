import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { handleStateless, routeMethods } from "@/lib/adapters/http/route";
import { openApiDocument } from "@/lib/adapters/openapi/document";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.getOpenApiDocument, async () =>
    Response.json(openApiDocument(getConfig().PUBLIC_URL), { headers: { "Cache-Control": "public, max-age=3600" } }),
  ),
});
