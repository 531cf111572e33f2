import type { Queryable } from "@/db/client";
import type { TokenPrincipal } from "@/lib/domain/access";
import { principalForToken } from "@/lib/domain/auth/tokens";
import { unauthorized } from "./errors";

/** Authenticates `Authorization: Bearer <token>`; throws the 401 ApiError otherwise. */
export async function authenticateBearer(db: Queryable, req: Request): Promise<TokenPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  const principal = match ? await principalForToken(db, match[1]!) : undefined;
  if (!principal) throw unauthorized();
  return principal;
}
