import type { Db } from "@/db/client";
import { payloadTooLarge } from "@/lib/adapters/http/body";
import { badRequest } from "@/lib/adapters/http/errors";
import type { Upload } from "@/lib/adapters/http/route";
import { uploadActivity, type UploadContext } from "@/lib/domain/activities/activities";
import { ActivityTooLarge, MAX_ACTIVITY_BYTES } from "@/lib/domain/activities/file";
import { trackGeoJson, trackGpx, trackJson } from "@/lib/domain/activities/formats";
import type { TrackPoint } from "@/lib/domain/activities/track";
import type { ActivityListItem } from "@/lib/domain/activities/schemas";
import { streamOf } from "@/lib/platform/text/stream";

/**
 * The file of an upload: the body itself, or the field `file` of a multipart form (the page's
 * form posts one, and so do many platforms). Over 25 MiB is a 413 however it came.
 */
export async function activityFileOf(req: Request, upload: Upload): Promise<Uint8Array> {
  if (upload.contentType !== "multipart/form-data") {
    if (upload.bytes.length > MAX_ACTIVITY_BYTES) throw payloadTooLarge(MAX_ACTIVITY_BYTES);
    return upload.bytes;
  }
  let form: FormData;
  try {
    const headers = { "content-type": req.headers.get("content-type") ?? "" };
    form = await new Response(upload.bytes as BodyInit, { headers }).formData();
  } catch {
    throw badRequest("the multipart form cannot be read");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw badRequest("the multipart form has no file in the field `file`");
  if (file.size > MAX_ACTIVITY_BYTES) throw payloadTooLarge(MAX_ACTIVITY_BYTES);
  return new Uint8Array(await file.arrayBuffer());
}

/** `uploadActivity` with a file that unzips beyond the limit as the 413 it is. */
export async function receiveActivity(db: Db, key: string, file: Uint8Array, context: UploadContext) {
  try {
    return await uploadActivity(db, key, file, context);
  } catch (error) {
    if (error instanceof ActivityTooLarge) throw payloadTooLarge(error.limit);
    throw error;
  }
}

/** One activity's track as the API answers it: JSON, GeoJSON or a GPX file. */
export function trackResponse(
  format: "json" | "geojson" | "gpx",
  { activity, points }: { activity: ActivityListItem & { outline?: string }; points: TrackPoint[] },
): Response {
  const item = withoutOutline(activity);
  const headers = { "Cache-Control": "no-store" };
  if (format === "json") return Response.json({ activity: item, points: trackJson(points) }, { headers });
  if (format === "geojson") {
    return new Response(JSON.stringify(trackGeoJson(points, { id: item.id, starterId: item.starterId })), {
      headers: { ...headers, "Content-Type": "application/geo+json" },
    });
  }
  const name = [item.startNumber, item.name].filter(Boolean).join(" ") || `Activity ${item.id}`;
  const chunks = async function* () {
    yield* trackGpx(points, name);
  };
  return new Response(streamOf(chunks()), {
    headers: {
      ...headers,
      "Content-Type": "application/gpx+xml",
      "Content-Disposition": `attachment; filename="activity-${item.id}.gpx"`,
    },
  });
}

/** The list item as the API shows it: the outline is for pages. */
export function withoutOutline<T extends { outline?: string }>(activity: T): Omit<T, "outline"> {
  const copy = { ...activity };
  delete copy.outline;
  return copy;
}
