import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ICON_DATA_URL } from "./icon";

describe("the landing page's favicon", () => {
  it("is the product's icon, app/icon.svg", () => {
    const inline = decodeURIComponent(ICON_DATA_URL.slice("data:image/svg+xml,".length));
    expect(inline).toBe(readFileSync("app/icon.svg", "utf8").trim().replace(/"/g, "'"));
  });
});
