import QRCode from "qrcode";
import { randomCodes } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";
import { qrMatrix, renderPng } from "@/lib/domain/qr/render";
import { load, withPeakRss, type Row } from "../harness";
import type { Scenario } from "../scenario";

const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;
const distinctKeys = (prefix: string) => {
  const keys = randomCodes(200_000);
  let i = 0;
  return () => `${prefix}${keys[i++ % keys.length]}`;
};

export const baseline: Scenario = {
  name: "baseline",
  description: "trivial route handler (GET /api/health), the reference for every ratio",
  async run(ctx) {
    return [{ ...(await ctx.baseline()), scenario: "baseline: GET /api/health", ratio: "1.00x" }];
  },
};

export const qr: Scenario = {
  name: "qr",
  description: "QR images over HTTP for distinct keys, PNG and SVG",
  async run(ctx) {
    const base = (await ctx.baseline()).requestsPerSecond!;
    const rows: Row[] = [];
    for (const format of ["png", "svg"] as const) {
      const result = await load({
        url: ctx.server.origin,
        nextPath: distinctKeys(`/api/starters/actions/generate_key_qrcode?format=${format}&size=300&key=`),
      });
      rows.push({
        scenario: `QR ${format.toUpperCase()} 300 px, distinct keys`,
        ...result,
        ratio: ratio(result.requestsPerSecond!, base),
      });
    }
    return rows;
  },
};

export const qrRender: Scenario = {
  name: "qr-render",
  description: "PNG encoding in one process: our 1-bit encoder against qrcode.toBuffer, distinct keys, 300 px",
  async run() {
    const links = randomCodes(3000).map((key) => keyLink("https://racemap.app", key));
    const perSecond = async (render: (text: string) => Promise<unknown> | unknown, texts: string[]) => {
      const started = performance.now();
      for (const text of texts) await render(text);
      return Math.round(texts.length / ((performance.now() - started) / 1000));
    };
    const theirs = await perSecond((text) => QRCode.toBuffer(text, { width: 300 }), links.slice(0, 500));
    const ours = await perSecond((text) => renderPng(qrMatrix(text), 300), links.slice(500));
    return [
      {
        scenario: "qrcode.toBuffer PNG (in process)",
        requestsPerSecond: theirs,
        ratio: "1.00x",
        note: "images/s, reference",
      },
      {
        scenario: "1-bit PNG encoder (in process)",
        requestsPerSecond: ours,
        ratio: ratio(ours, theirs),
        note: "images/s; goal ≥ 8x",
      },
    ];
  },
};

export const mint: Scenario = {
  name: "mint",
  description: "mint 100,000 keys through the API against one SQL statement writing the same rows",
  async run(ctx) {
    const eventId = await ctx.newEvent("Mint Bench");
    const started = performance.now();
    const response = await fetch(
      `${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=100000`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${ctx.token}` },
      },
    );
    const body = (await response.json()) as unknown[];
    const apiMs = performance.now() - started;
    if (response.status !== 201 || body.length !== 100_000) throw new Error(`mint failed: ${response.status}`);

    const floorEvent = await ctx.newEvent("Mint Floor");
    const keys = `{${randomCodes(100_000).join(",")}}`;
    const floorStarted = performance.now();
    await ctx.sql`with c as (insert into codes (code, event_id, kind) select unnest(${keys}::text[]), ${floorEvent}, 'key' on conflict do nothing returning code)
                  insert into starters (event_id, key) select ${floorEvent}, code from c`;
    const floorMs = performance.now() - floorStarted;
    ctx.mintedEventId = eventId;
    return [
      { scenario: "floor: one INSERT of 100,000 codes + starters", note: `${Math.round(floorMs)} ms`, ratio: "1.00x" },
      {
        scenario: "mint 100,000 keys via API (incl. JSON response)",
        note: `${Math.round(apiMs)} ms; goal ≤ 3x`,
        ratio: ratio(apiMs, floorMs),
      },
    ];
  },
};

export const exportCsv: Scenario = {
  name: "export",
  description: "CSV export of 100,000 keys: time and the server's peak memory growth",
  async run(ctx) {
    const eventId = ctx.mintedEventId ?? (await ctx.newEvent("Export Bench"));
    if (!ctx.mintedEventId) {
      await fetch(`${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=100000`, {
        method: "POST",
        headers: { authorization: `Bearer ${ctx.token}` },
      }).then((r) => r.arrayBuffer());
    }
    const started = performance.now();
    const { result: bytes, peakGrowthBytes } = await withPeakRss(ctx.server.pid, async () => {
      const response = await fetch(`${ctx.server.origin}/api/events/${eventId}/starter_keys?format=csv`, {
        headers: { authorization: `Bearer ${ctx.token}` },
      });
      return (await response.arrayBuffer()).byteLength;
    });
    const ms = performance.now() - started;
    return [
      {
        scenario: "CSV export of 100,000 keys",
        note: `${Math.round(ms)} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB, server peak RSS growth ${(peakGrowthBytes / 2 ** 20).toFixed(1)} MiB (goal < 64 MB)`,
      },
    ];
  },
};
