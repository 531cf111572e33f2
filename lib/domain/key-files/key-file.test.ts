import { describe, expect, it } from "vitest";
import { keyFileName } from "./key-file";

describe("keyFileName", () => {
  const pdf = { format: "pdf", layout: "avery-5160" } as const;

  it("names the slug, the layout of a PDF, and the filter where the file's links ask for it", () => {
    expect(keyFileName("city-run", { format: "csv", layout: "single" }, true)).toBe("city-run-keys.csv");
    const json = { format: "json", layout: "single" } as const;
    expect(keyFileName("city-run", { ...json, used: true }, true)).toBe("city-run-keys-used.json");
    expect(keyFileName("city-run", { ...pdf, used: false }, true)).toBe("city-run-keys-unused-avery-5160.pdf");
  });

  it("leaves the filter out of the API's names", () => {
    expect(keyFileName("city-run", { format: "csv", layout: "single", used: true }, false)).toBe("city-run-keys.csv");
    expect(keyFileName("city-run", { ...pdf, used: false }, false)).toBe("city-run-keys-avery-5160.pdf");
  });
});
