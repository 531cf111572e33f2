import { fitFile, gpxFile, samplePoints } from "@/testing/activities";
import { load, withPeakRss } from "../harness";
import type { Scenario } from "../scenario";

const LONG_POINTS = 36_000;

export const activityLong: Scenario = {
  name: "activity-36k",
  description: `POST /api/starters/actions/upload_activity: parse and store a ${LONG_POINTS.toLocaleString("en")}-point FIT file (10 h at 1 Hz) (goal < 1 s, server memory growth < 100 MB)`,
  async run(ctx) {
    const [key] = await ctx.freshKeys(3);
    const rows = [];
    for (const [i, points] of [
      samplePoints(LONG_POINTS, undefined, 7),
      samplePoints(LONG_POINTS, undefined, 8),
    ].entries()) {
      const file = fitFile(points);
      const started = performance.now();
      const { result, peakGrowthBytes } = await withPeakRss(ctx.server.pid, async () => {
        const response = await fetch(`${ctx.server.origin}/api/starters/actions/upload_activity?key=${key}`, {
          method: "POST",
          headers: { "content-type": "application/vnd.ant.fit" },
          body: file as BodyInit,
        });
        return { status: response.status, json: (await response.json()) as { id: string } };
      });
      const ms = performance.now() - started;
      const [stored] = await ctx.sql<
        { bytes: number }[]
      >`select length(track) as bytes from activities where id = ${result.json.id}`;
      rows.push({
        scenario: `upload of a ${LONG_POINTS.toLocaleString("en")}-point FIT file (${i === 0 ? "first" : "second"})`,
        errors: result.status === 201 ? 0 : 1,
        note: `${Math.round(ms)} ms, file ${(file.length / 2 ** 20).toFixed(2)} MiB, stored track ${((stored?.bytes ?? 0) / 1024).toFixed(0)} KiB, server peak RSS growth ${(peakGrowthBytes / 2 ** 20).toFixed(1)} MiB`,
      });
    }
    return rows;
  },
};

export const activityUploads: Scenario = {
  name: "activity-uploads",
  description:
    "POST /api/starters/actions/upload_activity: distinct 1-hour GPX files (3,600 points, ~0.6 MB) of one key, 4 connections, vs the trivial route",
  async run(ctx) {
    const base = (await ctx.baseline()).requestsPerSecond!;
    const [key] = await ctx.freshKeys(1);
    const gpx = gpxFile(samplePoints(3600));
    let n = 0;
    const result = await load({
      url: `${ctx.server.origin}/api/starters/actions/upload_activity?key=${key}`,
      method: "POST",
      connections: 4,
      headers: { "content-type": "application/gpx+xml" },
      // A comment makes each file distinct, so that each is parsed and stored, not answered from its hash.
      nextBody: () => gpx.replace("<trk>", `<!-- ${n++} --><trk>`),
    });
    return [
      {
        scenario: "upload of a 1-hour GPX file, each new",
        ...result,
        ratio: `${(result.requestsPerSecond! / base).toFixed(3)}x`,
      },
    ];
  },
};
