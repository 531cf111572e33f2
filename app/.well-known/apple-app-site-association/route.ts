import { getConfig } from "@/lib/platform/config";
import { appleAppSiteAssociation, associationResponse } from "@/lib/adapters/landing/association";

export const GET = (): Response => associationResponse(appleAppSiteAssociation(getConfig()));
