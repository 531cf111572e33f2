import { load, sleep, withPeakRss } from "../harness";
import type { Scenario } from "../scenario";

const ROWS = 100_000;

export const startersUpsert: Scenario = {
  name: "starters-upsert",
  description: `PUT /api/events/:eventId/starters: ${ROWS.toLocaleString("en")} new participants onto minted keys, then the same list again (goal < 10 s, < 100 MB)`,
  async run(ctx) {
    const eventId = await ctx.newEvent(`Bench upsert ${Date.now()}`);
    const auth = { authorization: `Bearer ${ctx.token}` };
    const minted = await fetch(
      `${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=${ROWS}`,
      { method: "POST", headers: auth },
    );
    await minted.arrayBuffer();
    const body = JSON.stringify(
      Array.from({ length: ROWS }, (_, i) => ({
        importId: `reg-${i}`,
        name: `Participant ${i}`,
        startNumber: `${i + 1}`,
      })),
    );
    const rows = [];
    for (const label of ["created", "unchanged"]) {
      // Past the server's keep-alive timeout (5 s): on a busy machine, reading the 15 MB answer can
      // outlast it, and the next PUT would race the server closing the idle connection (EPIPE).
      if (label !== "created") await sleep(6000);
      const started = performance.now();
      const { result, peakGrowthBytes } = await withPeakRss(ctx.server.pid, async () => {
        try {
          const response = await fetch(`${ctx.server.origin}/api/events/${eventId}/starters`, {
            method: "PUT",
            headers: { ...auth, "content-type": "application/json" },
            body,
          });
          const text = await response.text();
          return { status: response.status, text };
        } catch (error) {
          // A failed request is a row with its cause, not the end of the whole run.
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          return { status: 0, text: `fetch failed: ${cause?.code ?? cause?.message ?? String(error)}` };
        }
      });
      const ms = performance.now() - started;
      const counts =
        result.status === 200 ? (JSON.parse(result.text) as { counts: Record<string, number> }).counts : {};
      const failure = result.status === 200 ? "" : `; ${result.status || ""} ${result.text.slice(0, 120)}`;
      rows.push({
        scenario: `bulk upsert of ${ROWS.toLocaleString("en")} starters, all ${label}`,
        errors: counts[label] === ROWS ? 0 : 1,
        note: `${Math.round(ms)} ms, body ${(body.length / 2 ** 20).toFixed(1)} MiB, server peak RSS growth ${(peakGrowthBytes / 2 ** 20).toFixed(1)} MiB${failure}`,
      });
    }
    return rows;
  },
};

export const checkout: Scenario = {
  name: "checkout",
  description: "POST /api/events/:eventId/starters (key at checkout), distinct buyers of one event, 20 connections",
  async run(ctx) {
    const base = (await ctx.baseline()).requestsPerSecond!;
    const eventId = await ctx.newEvent(`Bench checkout ${Date.now()}`);
    let buyer = 0;
    const result = await load({
      url: `${ctx.server.origin}/api/events/${eventId}/starters`,
      method: "POST",
      headers: { authorization: `Bearer ${ctx.token}`, "content-type": "application/json" },
      nextBody: () => JSON.stringify({ importId: `buyer-${buyer++}`, name: "Bench Buyer" }),
    });
    return [
      {
        scenario: "key at checkout, distinct buyers, one event (keys minted on the way)",
        ...result,
        ratio: `${(result.requestsPerSecond! / base).toFixed(2)}x`,
      },
    ];
  },
};
