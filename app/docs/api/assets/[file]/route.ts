import { apiReferenceAsset } from "@/lib/adapters/docs/api-reference";
import { routeMethods, withRequestLog } from "@/lib/adapters/http/route";

const asset = withRequestLog("/docs/api/assets/{file}", async (_req, context) =>
  apiReferenceAsset(((await context?.params) as { file?: string } | undefined)?.file ?? ""),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({ GET: asset });
