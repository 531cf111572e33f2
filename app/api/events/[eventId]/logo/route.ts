import * as operations from "@/lib/adapters/api/operations";
import { cacheableImage } from "@/lib/adapters/http/image";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { authorizeEvent } from "@/lib/domain/access";
import { notFound } from "@/lib/domain/errors";
import { findEventLogo, LOGO_CONTENT_TYPE, processLogo, removeEventLogo, setEventLogo } from "@/lib/domain/events/logo";
import { toEventOutput } from "@/lib/domain/events/schemas";
import { getConfig } from "@/lib/platform/config";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.getEventLogo, async ({ req, db, params, query }) => {
    const logo = await findEventLogo(db, params.eventId);
    if (!logo) throw notFound("logo");
    return cacheableImage(req, { bytes: logo.image, contentType: LOGO_CONTENT_TYPE, version: logo.hash }, query.v);
  }),
  PUT: handle(operations.putEventLogo, async ({ db, principal, params, upload }) => {
    const event = await authorizeEvent(db, principal, "event:write", params.eventId);
    const logo = await processLogo(upload!.bytes);
    return Response.json(toEventOutput(await setEventLogo(db, event, logo), getConfig().PUBLIC_URL));
  }),
  DELETE: handle(operations.deleteEventLogo, async ({ db, principal, params }) => {
    const event = await authorizeEvent(db, principal, "event:write", params.eventId);
    return Response.json(toEventOutput(await removeEventLogo(db, event), getConfig().PUBLIC_URL));
  }),
});
