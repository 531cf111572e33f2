import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { handleStateless, routeMethods } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.getOpenApiDocument, async () =>
    Response.json(openApiDocument(getConfig().PUBLIC_URL), { headers: { "Cache-Control": "public, max-age=3600" } }),
  ),
});
