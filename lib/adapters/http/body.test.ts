import { describe, expect, it } from "vitest";
import { readBodyBytes } from "./body";
import { ApiError } from "./errors";

/** A chunked body of `total` bytes made on demand; `pulled` counts what the reader took. */
function endlessBody(total: number, chunk = 64 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { state, req: new Request("http://x.test", { method: "POST", body: stream, duplex: "half" } as RequestInit) };
}

describe("readBodyBytes", () => {
  it("stops reading a chunked body at the limit and cancels the rest", async () => {
    const { state, req } = endlessBody(500 * 1024 * 1024);
    const error = await readBodyBytes(req, 1_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 413, code: "payload_too_large", message: "the body must be at most 1 MB" });
    expect(state.cancelled).toBe(true);
    // The limit plus the stream's read-ahead, not the 500 MB offered.
    expect(state.pulled).toBeLessThan(2_000_000);
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const { state, req } = endlessBody(10 * 1024 * 1024);
    const declared = new Request(req, { headers: { "content-length": String(10 * 1024 * 1024) } });
    await expect(readBodyBytes(declared, 1_000_000)).rejects.toMatchObject({ status: 413 });
    // Only what the stream queues by itself before anyone reads (its high-water mark).
    expect(state.pulled).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it("returns a body up to the limit whole", async () => {
    const { req } = endlessBody(1_000_000, 1000);
    const bytes = await readBodyBytes(req, 1_000_000);
    expect(bytes.byteLength).toBe(1_000_000);
    expect(bytes.every((b) => b === 0x61)).toBe(true);
    expect((await readBodyBytes(new Request("http://x.test", { method: "POST" }), 10)).byteLength).toBe(0);
  });
});
