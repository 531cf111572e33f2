import * as operations from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { handleStateless } from "@/lib/http/route";
import { qrImage } from "@/lib/qr/image";

export const GET = handleStateless(operations.generateKeyQrcode, async ({ req, query }) =>
  qrImage(req, query, getConfig().PUBLIC_URL),
);
