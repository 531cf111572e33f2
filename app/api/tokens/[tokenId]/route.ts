import * as operations from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { revokeOrganisationToken } from "@/lib/domain/teams/tokens";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  DELETE: handle(operations.revokeToken, async ({ db, principal, params }) => {
    await revokeOrganisationToken(db, principal, params.tokenId);
    return new Response(null, { status: 204 });
  }),
});
