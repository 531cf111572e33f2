import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, scriptJson } from "./html";

const HOSTILE = `"><script>alert(1)</script> Zoë 🏃 O'Brien & </script><!-- \u2028`;

describe("escapeHtml", () => {
  it("turns markup into text that cannot leave an element or a quoted attribute", () => {
    expect(escapeHtml(HOSTILE)).toBe(
      "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Zoë 🏃 O&#39;Brien &amp; &lt;/script&gt;&lt;!-- \u2028",
    );
  });

  it("never leaves a markup character unescaped", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});

describe("scriptJson", () => {
  it("round-trips any value and never contains a character that could end the script", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(HOSTILE), fc.string({ unit: "binary" })), (text) => {
        const json = scriptJson({ text });
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual({ text });
      }),
    );
  });
});
