import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { handleStateless, routeMethods } from "@/lib/http/route";
import { qrImage } from "@/lib/qr/image";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handleStateless(operations.generateKeyQrcode, async ({ req, query }) =>
    qrImage(req, query, getConfig().PUBLIC_URL),
  ),
});
