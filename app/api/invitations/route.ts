import * as operations from "@/lib/adapters/api/operations";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { createInvitation } from "@/lib/domain/teams/invitations";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: handle(operations.createInvitation, async ({ db, principal, body }) => {
    const invitation = await createInvitation(db, principal, body, getConfig().PUBLIC_URL);
    return Response.json(
      { ...invitation, expiresAt: invitation.expiresAt.toISOString() },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  }),
});
