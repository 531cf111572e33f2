import { readFileSync } from "node:fs";
import { withPeakRss, type Row } from "../harness";
import type { Scenario } from "../scenario";

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

/** The printable QR label PDF of 10,000 keys: the time to the last byte and the file size. */
export const labelsPdf: Scenario = {
  name: "labels",
  description: `QR label PDF of ${LABELS.toLocaleString("en")} keys (Avery L7160 and 5160): time, size, server peak memory growth`,
  async run(ctx) {
    const eventId = await ctx.newEvent("Labels Bench");
    const minted = await fetch(
      `${ctx.server.origin}/api/events/${eventId}/actions/generate_starter_keys?count=${LABELS}`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${ctx.token}` },
      },
    );
    await minted.arrayBuffer();
    if (minted.status !== 201) throw new Error(`mint failed: ${minted.status}`);
    const rows: Row[] = [];
    for (const layout of ["avery-l7160", "avery-5160"] as const) {
      const started = performance.now();
      const cpuBefore = cpuMs(ctx.server.pid);
      const { result: bytes, peakGrowthBytes } = await withPeakRss(ctx.server.pid, async () => {
        const response = await fetch(
          `${ctx.server.origin}/api/events/${eventId}/starter_keys?format=pdf&layout=${layout}`,
          {
            headers: { authorization: `Bearer ${ctx.token}` },
          },
        );
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200 || !body.subarray(-8).toString("latin1").includes("%%EOF")) {
          throw new Error(`label PDF failed: ${response.status}`);
        }
        return body.byteLength;
      });
      const ms = performance.now() - started;
      const cpu = cpuMs(ctx.server.pid) - cpuBefore;
      rows.push({
        scenario: `label PDF, ${LABELS.toLocaleString("en")} keys, ${layout}`,
        note: `${Math.round(ms)} ms (server CPU ${Math.round(cpu)} ms), ${(bytes / 1e6).toFixed(1)} MB (goal < 5 s, < 10 MB); server peak RSS growth ${(peakGrowthBytes / 2 ** 20).toFixed(0)} MiB`,
      });
    }
    return rows;
  },
};
