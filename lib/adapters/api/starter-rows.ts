import { starterUpsertRowsSchema } from "@/lib/domain/starters/schemas";
import type { UpsertInput } from "@/lib/domain/starters/upsert";
import { decodeUpload } from "@/lib/adapters/dashboard/participants";
import { badRequest, fromZodError } from "@/lib/adapters/http/errors";
import type { Upload } from "@/lib/adapters/http/route";

/** The rows of a bulk upsert body: a JSON array checked by its schema, or a CSV list decoded as the dashboard's upload. */
export function starterRowsFromUpload(upload: Upload): UpsertInput {
  const { text } = decodeUpload(upload.bytes);
  if (upload.contentType === "text/csv") return { csv: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest("the body is not valid JSON");
  }
  const rows = starterUpsertRowsSchema.safeParse(json);
  if (!rows.success) throw fromZodError(rows.error, "body");
  return { json: rows.data };
}
