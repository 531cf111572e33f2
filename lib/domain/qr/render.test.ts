import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { randomCodes } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";
import { layout, qrMatrix, renderPng, renderSvg } from "./render";

function decodePng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** Rasterises our SVG's path back into modules, to check it draws exactly the QR matrix. */
/** The modules an SVG path of renderSvg paints: "M x y.5 h run" starts a row, "m dx 0 h run" continues it. */
function svgModules(svg: string, size: number): Uint8Array {
  const d = /<path stroke="#000" d="([^"]*)"/.exec(svg)?.[1] ?? "";
  expect(d).toMatch(/^(M\d+ \d+\.5h\d+|m\d+ 0h\d+)*$/);
  const modules = new Uint8Array(size * size);
  let x = 0;
  let y = 0;
  for (const [, move, a, b, run] of d.matchAll(/([Mm])(\d+) (\d+)(?:\.5)?h(\d+)/g)) {
    if (move === "M") [x, y] = [Number(a) - 4, Number(b) - 4];
    else x += Number(a);
    for (let i = 0; i < Number(run); i++) modules[y * size + x + i] = 1;
    x += Number(run);
  }
  return modules;
}

describe("renderPng", () => {
  it("encodes a 1-bit greyscale PNG that decodes to the same text, over many keys and sizes", () => {
    const sizes = [64, 100, 150, 300, 333, 512, 1024];
    const keys = randomCodes(24);
    keys.forEach((key, i) => {
      const text = keyLink("https://racemap.app", key, i % 2 ? { startNumber: String(i), name: `Zoë ${i}` } : {});
      for (const size of sizes.filter((s) => (s >= 150 && s < 1024) || i < 3)) {
        const png = renderPng(qrMatrix(text), size);
        const image = PNG.sync.read(png);
        expect(image.width).toBe(size);
        expect(image.height).toBe(size);
        expect(decodePng(png)).toBe(text);
      }
    });
  });

  it("is much smaller than qrcode's RGBA PNG and equally exact", async () => {
    const text = keyLink("https://racemap.app", "6G615L");
    const ours = renderPng(qrMatrix(text), 300);
    const theirs = await QRCode.toBuffer(text, { width: 300 });
    expect(ours[25]).toBe(0); // colour type greyscale
    expect(ours[24]).toBe(1); // bit depth 1
    expect(ours.length).toBeLessThan(theirs.length);
    expect(decodePng(ours)).toBe(text);
  });

  it("is deterministic", () => {
    const m = qrMatrix("https://racemap.app/redeem_key?key=6G615L");
    expect(renderPng(m, 300).equals(renderPng(m, 300))).toBe(true);
  });
});

describe("layout", () => {
  it("uses whole pixels per module and keeps the quiet zone", () => {
    expect(layout(29, 300)).toEqual({ scale: 8, offset: 34 }); // 37 modules incl. quiet zone → 8 px
    expect(layout(29, 64)).toEqual({ scale: 1, offset: 17 });
    const { scale, offset } = layout(33, 2048);
    expect(offset).toBeGreaterThanOrEqual(4 * scale);
  });
});

describe("renderSvg", () => {
  it("draws exactly the dark modules of the matrix, as one path", () => {
    const text = keyLink("https://racemap.app", "K84N2S", { startNumber: "1", name: "Peter" });
    const matrix = qrMatrix(text);
    const svg = renderSvg(matrix, 256);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"')).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svgModules(svg, matrix.size)).toEqual(matrix.modules);
  });
});
