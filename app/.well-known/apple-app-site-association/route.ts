import { withRequestLog } from "@/lib/adapters/http/route";
import { appleAppSiteAssociation, serveAssociation } from "@/lib/adapters/landing/association";

export const GET = withRequestLog("/.well-known/apple-app-site-association", serveAssociation(appleAppSiteAssociation));
