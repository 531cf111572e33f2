import * as operations from "@/lib/adapters/api/operations";
import { getConfig } from "@/lib/platform/config";
import { handleStateless, routeMethods } from "@/lib/adapters/http/route";
import { qrImage } from "@/lib/domain/qr/image";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.generateKeyQrcode, async ({ req, query }) =>
    qrImage(req, query, getConfig().PUBLIC_URL),
  ),
});
