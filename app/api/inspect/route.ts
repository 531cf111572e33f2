import { inspectToken } from "@/lib/api/operations";
import { handle } from "@/lib/http/route";

export const GET = handle(inspectToken, async ({ organiserId }) => Response.json({ userId: organiserId }));
