import { getConfig } from "@/lib/config";
import { assetLinks, associationResponse } from "@/lib/landing/association";

export const GET = (): Response => associationResponse(assetLinks(getConfig()));
