import type { Queryable } from "@/db/client";
import type { Event } from "@/db/schema";
import { exportStarterKeys } from "@/lib/domain/keys/export";
import { renderLabelsPdf } from "@/lib/domain/labels/pdf";
import { starterKeyLabels } from "@/lib/domain/labels/source";
import { qrStyleOf } from "@/lib/domain/qr/schemas";
import { streamOf } from "@/lib/platform/text/stream";
import type { KeyFileQuery } from "./schemas";

/** A file of an event's keys: its body reads the database page by page, as the client takes it. */
export interface KeyFile {
  contentType: string;
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

export interface KeyFileOptions {
  publicUrl: string;
  /** The zone of the CSV's times (TIME_ZONE). */
  timeZone: string;
  /** Whether the file name says which keys it holds (`-used`, `-unused`): the dashboard's do, the API's never did. */
  nameTheFilter: boolean;
}

const CONTENT_TYPES: Record<KeyFileQuery["format"], string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  pdf: "application/pdf",
};

/** `<slug>-keys[-used|-unused][-<layout>].<format>`, e.g. `city-run-keys-unused-avery-l7160.pdf`. */
export function keyFileName(
  slug: string,
  query: Pick<KeyFileQuery, "format" | "layout" | "used">,
  nameTheFilter: boolean,
): string {
  const filter = !nameTheFilter || query.used === undefined ? "" : query.used ? "-used" : "-unused";
  const layout = query.format === "pdf" ? `-${query.layout}` : "";
  return `${slug}-keys${filter}${layout}.${query.format}`;
}

/**
 * The one key file download of the API (starter_keys) and the dashboard: the event's keys, or only
 * the used or unused ones, as JSON, CSV (comma or semicolon) or a PDF of QR labels on a sheet
 * layout. Nothing is read before the client pulls the first bytes.
 */
export function keyFile(
  db: Queryable,
  event: Pick<Event, "id" | "name" | "slug">,
  query: KeyFileQuery,
  { publicUrl, timeZone, nameTheFilter }: KeyFileOptions,
): KeyFile {
  const filter = { used: query.used };
  const qrStyle = qrStyleOf(query);
  const body =
    query.format === "pdf"
      ? renderLabelsPdf({
          layout: query.layout,
          eventName: event.name,
          offsetMm: { x: query.offsetX ?? 0, y: query.offsetY ?? 0 },
          qrStyle,
          labels: starterKeyLabels(
            db,
            event.id,
            { ...filter, sort: query.sort, from: query.from, to: query.to, ecc: qrStyle.ecc },
            publicUrl,
          ),
        })
      : streamOf(
          exportStarterKeys(db, event.id, {
            format: query.format,
            delimiter: query.delimiter === "semicolon" ? ";" : ",",
            filter,
            publicUrl,
            timeZone,
          }),
        );
  return { contentType: CONTENT_TYPES[query.format], fileName: keyFileName(event.slug, query, nameTheFilter), body };
}
