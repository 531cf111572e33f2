import { describe, expect, it } from "vitest";
import type { UpsertResult } from "./schemas";
import { upsertResultJson } from "./upsert";

async function text(pieces: AsyncGenerator<string>): Promise<string> {
  let all = "";
  for await (const piece of pieces) all += piece;
  return all;
}

const row = (line: number) => ({
  line,
  starterId: "5f0c8a9e-3b1d-4c2a-9e8f-1a2b3c4d5e6f",
  key: "K84N2S",
  importId: `reg-${line}`,
  startNumber: line % 2 ? null : `0${line}`,
  name: line % 3 ? `Zoë "${line}"` : "Ann\u2028B",
});

describe("the bulk upsert's streamed answer", () => {
  it.each([0, 1, 999, 1000, 1001, 2500])("is the text of JSON.stringify with %i rows in each list", async (n) => {
    const result: UpsertResult = {
      dryRun: false,
      applied: true,
      counts: { created: n, updated: n, unchanged: 0, missing: 3 },
      created: Array.from({ length: n }, (_, i) => row(i)),
      updated: Array.from({ length: n }, (_, i) => ({
        ...row(i),
        changes: [{ field: "name" as const, from: null, to: "x" }],
      })),
    };
    expect(await text(upsertResultJson(result))).toBe(JSON.stringify(result));
  });
});
