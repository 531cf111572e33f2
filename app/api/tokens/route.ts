import * as operations from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { createOrganisationToken, listOrganisationTokens, toTokenOutput } from "@/lib/domain/teams/tokens";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listTokens, async ({ db, principal }) =>
    Response.json((await listOrganisationTokens(db, principal)).map(toTokenOutput)),
  ),
  POST: handle(operations.createToken, async ({ db, principal, body }) => {
    const { token, ...created } = await createOrganisationToken(db, principal, body);
    return Response.json(
      { ...toTokenOutput(created), token },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  }),
});
