import { readFileSync } from "node:fs";
import { withPeakRss, type Row } from "../harness";
import type { BenchContext, Scenario } from "../scenario";

const LABELS = 10_000;
/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used, in ms (Linux): the time a request costs the server whatever else
 * runs on the machine, where wall time on a busy machine says little.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Fetches one label PDF: time to the last byte, the server's CPU time, the size and peak memory growth. */
async function measurePdf(ctx: BenchContext, path: string): Promise<string> {
  const started = performance.now();
  const cpuBefore = cpuMs(ctx.server.pid);
  const { result: bytes, peakGrowthBytes } = await withPeakRss(ctx.server.pid, async () => {
    const response = await fetch(`${ctx.server.origin}${path}`, { headers: { authorization: `Bearer ${ctx.token}` } });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 || !body.subarray(-8).toString("latin1").includes("%%EOF")) {
      throw new Error(`label PDF failed: ${response.status}`);
    }
    return body.byteLength;
  });
  const ms = performance.now() - started;
  const cpu = cpuMs(ctx.server.pid) - cpuBefore;
  return `${Math.round(ms)} ms (server CPU ${Math.round(cpu)} ms), ${(bytes / 1e6).toFixed(1)} MB (goal < 5 s, < 10 MB); server peak RSS growth ${(peakGrowthBytes / 2 ** 20).toFixed(0)} MiB`;
}

async function mintedEvent(ctx: BenchContext, name: string, count: number): Promise<string> {
  const eventId = await ctx.newEvent(name);
  const minted = await fetch(
    `${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=${count}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.token}` },
    },
  );
  await minted.arrayBuffer();
  if (minted.status !== 201) throw new Error(`mint failed: ${minted.status}`);
  return eventId;
}

/** The printable QR label PDF of 10,000 keys: the time to the last byte and the file size. */
export const labelsPdf: Scenario = {
  name: "labels",
  description: `QR label PDF of ${LABELS.toLocaleString("en")} keys (Avery L7160 and 5160): time, size, server peak memory growth`,
  async run(ctx) {
    const eventId = await mintedEvent(ctx, "Labels Bench", LABELS);
    const rows: Row[] = [];
    for (const layout of ["avery-l7160", "avery-5160"] as const) {
      rows.push({
        scenario: `label PDF, ${LABELS.toLocaleString("en")} keys, ${layout}`,
        note: await measurePdf(ctx, `/api/events/${eventId}/starter_keys?format=pdf&layout=${layout}`),
      });
    }
    return rows;
  },
};

const SORTED_LABELS = 20_000;

/**
 * A 20,000-label PDF in start number order, the dashboard's default: start numbers given in an order
 * unlike the keys' (every 10th is text, every 50th missing), so the database sorts every page.
 */
export const labelsSorted: Scenario = {
  name: "labels-sorted",
  description: `QR label PDF of ${SORTED_LABELS.toLocaleString("en")} keys sorted by start number (Avery L7160), whole and a range of 500`,
  async run(ctx) {
    const eventId = await mintedEvent(ctx, "Sorted Labels Bench", SORTED_LABELS);
    await ctx.sql`update starters set
                    start_number = case when s.n % 50 = 0 then null when s.n % 10 = 0 then 'E' || s.n
                                        else ((s.n * 7919) % ${SORTED_LABELS} + 1)::text end,
                    name = 'Bench Runner ' || s.n
                  from (select id, row_number() over (order by seq) as n from starters where event_id = ${eventId}) s
                  where starters.id = s.id`;
    const base = `/api/events/${eventId}/starter_keys?format=pdf&layout=avery-l7160&sort=startNumber`;
    return [
      {
        scenario: `label PDF, ${SORTED_LABELS.toLocaleString("en")} keys by start number`,
        note: await measurePdf(ctx, base),
      },
      {
        scenario: `label PDF, start numbers 1–500 of ${SORTED_LABELS.toLocaleString("en")}`,
        note: await measurePdf(ctx, `${base}&from=1&to=500`),
      },
    ];
  },
};
