import { getConfig } from "@/lib/platform/config";
import { assetLinks, associationResponse } from "@/lib/adapters/landing/association";

export const GET = (): Response => associationResponse(assetLinks(getConfig()));
