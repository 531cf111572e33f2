import { getConfig } from "@/lib/config";
import { appleAppSiteAssociation, associationResponse } from "@/lib/landing/association";

export const GET = (): Response => associationResponse(appleAppSiteAssociation(getConfig()));
