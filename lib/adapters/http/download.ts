import type { KeyFile } from "@/lib/domain/key-files/key-file";

/**
 * The response of a file download, never stored by a cache (keys change as they are used).
 * `attachment` makes a browser save it under its name; without it a client reads it as the answer.
 */
export function downloadResponse(file: KeyFile, { attachment }: { attachment: boolean }): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      ...(attachment ? { "Content-Disposition": `attachment; filename="${file.fileName}"` } : {}),
      "Cache-Control": "no-store",
    },
  });
}
