import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENT_MODULE, clientModuleText } from "@/scripts/build-client";
import { REDEEM_PAGE_SCRIPT } from "./redeem-page.min";

describe("the landing page's inline script", () => {
  it("is the current build of its source (else run `npm run build:client`)", async () => {
    expect(readFileSync(CLIENT_MODULE, "utf8")).toBe(await clientModuleText());
  });

  it("is no larger than the hand-written string it replaced (2,724 bytes)", () => {
    expect(Buffer.byteLength(REDEEM_PAGE_SCRIPT)).toBeLessThanOrEqual(2724);
  });
});
