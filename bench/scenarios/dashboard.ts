import { createSession } from "@/lib/adapters/sessions/sessions";
import { sessionCookieName } from "@/lib/adapters/sessions/cookie";
import { load, type Row } from "../harness";
import type { Scenario } from "../scenario";

const KEYS = 100_000;
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;

/**
 * The dashboard's keys page (server-rendered, signed in) on an event with 100,000 keys: the first
 * page, a page in the middle and the last (keyset paging), a name search and the used filter.
 */
export const keysPage: Scenario = {
  name: "dashboard",
  description: `dashboard keys page at ${KEYS.toLocaleString("en")} keys: first, middle and last page, search (with accents), filter`,
  async run(ctx) {
    let eventId = ctx.mintedEventId;
    if (!eventId) {
      eventId = await ctx.newEvent("Dashboard Bench");
      const minted = await fetch(
        `${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=${KEYS}`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${ctx.token}` },
        },
      );
      await minted.arrayBuffer();
      if (minted.status !== 201) throw new Error(`mint failed: ${minted.status}`);
    }
    // A few names and used keys, so that search and filter have something to find.
    await ctx.sql`update starters set name = 'Bench Runner Müller ' || seq, start_number = seq::text
                  where id in (select id from starters where event_id = ${eventId} order by seq limit 500)`;
    await ctx.sql`update starters set key_used = true, redeemed_at = now()
                  where id in (select id from starters where event_id = ${eventId} order by seq desc limit 2000)`;
    const [event] = await ctx.sql<
      Array<{ organisation_id: string }>
    >`select organisation_id from events where id = ${eventId}`;
    const [middle] = await ctx.sql<
      Array<{ id: string }>
    >`select id from starters where event_id = ${eventId} order by seq offset ${KEYS / 2} limit 1`;
    const { sessionId } = await createSession(ctx.server.database.db, event!.organisation_id);
    // The bench server runs in production mode: the cookie has the __Host- name there.
    const cookie = `${sessionCookieName({ PUBLIC_URL: ctx.server.origin, NODE_ENV: "production" })}=${sessionId}`;

    const base = `/dashboard/events/${eventId}/keys`;
    const check = await fetch(`${ctx.server.origin}${base}`, { headers: { cookie } });
    const html = await check.text();
    if (check.status !== 200 || !html.includes(KEYS.toLocaleString("en-GB")))
      throw new Error(`keys page failed: ${check.status}`);

    const baseline = (await ctx.baseline()).requestsPerSecond!;
    const rows: Row[] = [];
    const pages: Array<[string, string]> = [
      ["first page", base],
      ["middle page (keyset cursor)", `${base}?after=${middle!.id}`],
      ["last page", `${base}?page=last`],
      ["name search", `${base}?q=${encodeURIComponent("Runner 42")}`],
      ["name search ignoring accents", `${base}?q=${encodeURIComponent("muller 42")}`],
      ["name search, German spelling", `${base}?q=${encodeURIComponent("MUELLER 42")}`],
      ["used filter", `${base}?status=used`],
    ];
    for (const [label, path] of pages) {
      // One client at a time: p50 is the time to render the page for one organiser.
      const result = await load({
        url: `${ctx.server.origin}${path}`,
        headers: { cookie },
        connections: 1,
        seconds: 6,
      });
      rows.push({
        scenario: `dashboard keys page, ${KEYS.toLocaleString("en")} keys: ${label}`,
        ...result,
        ratio: ratio(result.requestsPerSecond!, baseline),
        note: "one client: p50 is the time to render",
      });
    }
    return rows;
  },
};
