import * as operations from "@/lib/adapters/api/operations";
import { audited, recordAudit } from "@/lib/domain/audit";
import { getConfig } from "@/lib/platform/config";
import { authorizeEvent } from "@/lib/domain/access";
import { handle, routeMethods } from "@/lib/adapters/http/route";
import { starterRowsFromUpload } from "@/lib/adapters/api/starter-rows";
import { streamOf } from "@/lib/platform/text/stream";
import { checkoutStarter } from "@/lib/domain/starters/checkout";
import { starterCsv, starterPage } from "@/lib/domain/starters/list";
import { toStarter } from "@/lib/domain/starters/schemas";
import { upsertResultJson, upsertStarters } from "@/lib/domain/starters/upsert";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: handle(operations.listStarters, async ({ db, principal, params, query }) => {
    // A page is a search (helpdesk too); the CSV is the whole list, a download.
    await authorizeEvent(db, principal, query.format === "json" ? "keys:read" : "keys:export", params.eventId);
    const { PUBLIC_URL: publicUrl, TIME_ZONE: timeZone } = getConfig();
    if (query.format === "json") return Response.json(await starterPage(db, params.eventId, query, publicUrl));
    await recordAudit(db, principal, { action: "keys.exported", eventId: params.eventId, detail: { format: "csv" } });
    const body = streamOf(starterCsv(db, params.eventId, query, { publicUrl, timeZone }));
    return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8; header=present" } });
  }),
  PUT: handle(operations.upsertStarters, async ({ db, principal, params, query, upload }) => {
    await authorizeEvent(db, principal, "participants:merge", params.eventId);
    const rows = starterRowsFromUpload(upload!);
    const record = { action: "participants.applied" as const, eventId: params.eventId, detail: { source: "api" } };
    const result = query.dryRun
      ? await upsertStarters(db, params.eventId, rows, true)
      : await audited(db, principal, record, (tx) => upsertStarters(tx, params.eventId, rows, false));
    return new Response(streamOf(upsertResultJson(result)), { headers: { "Content-Type": "application/json" } });
  }),
  POST: handle(operations.checkoutStarter, async ({ db, principal, params, body }) => {
    await authorizeEvent(db, principal, "starters:checkout", params.eventId);
    const { starter, created } = await checkoutStarter(db, params.eventId, body);
    return Response.json(toStarter(starter, getConfig().PUBLIC_URL), { status: created ? 201 : 200 });
  }),
});
