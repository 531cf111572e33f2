import { withRequestLog } from "@/lib/adapters/http/route";
import { assetLinks, serveAssociation } from "@/lib/adapters/landing/association";

export const GET = withRequestLog("/.well-known/assetlinks.json", serveAssociation(assetLinks));
