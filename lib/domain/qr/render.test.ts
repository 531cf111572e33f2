import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { qrSampleTexts } from "@/testing/qr-texts";
import { randomCodes } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";
import { layout, QUIET_ZONE, qrMatrix, renderPng, renderSvg } from "./render";
import { QR_LEVELS, QR_MAX_MARGIN, QR_MIN_MARGIN, type QrStyle } from "./schemas";

function decodePng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

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

/** What a reader sees in the modules an SVG paints: 4 px per module on white, quiet zone included. */
function decodeSvg(svg: string, size: number): string | undefined {
  const modules = svgModules(svg, size);
  const scale = 4;
  const side = (size + 2 * QUIET_ZONE) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [mx, my] = [Math.floor(x / scale) - QUIET_ZONE, Math.floor(y / scale) - QUIET_ZONE];
      if (mx < 0 || my < 0 || mx >= size || my >= size || !modules[my * size + mx]) continue;
      pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return jsQR(pixels, side, side)?.data;
}

describe("qrMatrix", () => {
  it("is exactly the symbol qrcode makes with its own choices, for links and text, first and from the plan", () => {
    const texts = qrSampleTexts();
    for (const text of texts) {
      const theirs = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
      // The first text of a pattern of character classes is segmented by qrcode; the second time, from the plan.
      for (const ours of [qrMatrix(text), qrMatrix(text)]) {
        expect(ours).toEqual({ size: theirs.size, modules: theirs.data });
      }
    }
  });

  it("reuses the segmentation of links that differ only in their key, with the same result", () => {
    // 600 keys of six letters or digits fall into at most 64 patterns: most links hit the cache.
    for (const key of randomCodes(600)) {
      const text = keyLink("http://127.0.0.1:3590", key, { startNumber: "0815" });
      const theirs = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
      expect(Buffer.from(qrMatrix(text).modules).equals(Buffer.from(theirs.data))).toBe(true);
    }
  });

  it("decodes to its link as PNG and as SVG, for many random keys with and without participant text", () => {
    randomCodes(200).forEach((key, i) => {
      const participant = i % 2 ? { startNumber: String(i), name: `Zoë Müller ${"x".repeat(i % 60)}` } : {};
      const link = keyLink("https://racemap.app", key, participant);
      const matrix = qrMatrix(link);
      expect(decodePng(renderPng(matrix, 300))).toBe(link);
      expect(decodeSvg(renderSvg(matrix, 300), matrix.size)).toBe(link);
    });
  });
});

describe("qrMatrix at every error correction level", () => {
  it("is exactly the symbol qrcode makes at that level, first and from the plan", () => {
    for (const text of qrSampleTexts().slice(0, 40)) {
      for (const level of QR_LEVELS) {
        const theirs = QRCode.create(text, { errorCorrectionLevel: level }).modules;
        for (const ours of [qrMatrix(text, level), qrMatrix(text, level)]) {
          expect(ours).toEqual({ size: theirs.size, modules: theirs.data });
        }
      }
    }
  });
});

/** An SVG as a browser draws it (librsvg through sharp), decoded from its pixels. */
async function decodeSvgPixels(svg: string): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

describe("styled codes: error correction, margin and colours", () => {
  // The plain pair, brand-like pairs, and pairs just above the 4.5:1 floor with a light and a dark light colour.
  const colours: Array<Pick<QrStyle, "dark" | "light">> = [
    { dark: "#000000", light: "#ffffff" },
    { dark: "#1a237e", light: "#fff8e1" }, // navy on cream, 12.5:1
    { dark: "#767676", light: "#ffffff" }, // grey on white, 4.54:1
    { dark: "#000000", light: "#767676" }, // black on grey, 4.62:1
    { dark: "#0b5d1e", light: "#7fd48f" }, // green on green, 4.51:1
  ];
  const margins = [QR_MIN_MARGIN, 4, QR_MAX_MARGIN];
  const link = keyLink("https://racemap.app", "K84N2S", { startNumber: "1042", name: "Zoë Müller-Lüdenscheidt" });

  it("decodes to its link as PNG and SVG for every level, margin and colour pair, at sizes with 2 px or more per module", async () => {
    let decoded = 0;
    for (const ecc of QR_LEVELS) {
      const matrix = qrMatrix(link, ecc);
      for (const margin of margins) {
        // The smallest size with whole 2-pixel modules, a common one and the largest.
        for (const size of [2 * (matrix.size + 2 * margin), 300, 700]) {
          for (const pair of colours) {
            const style = { margin, ...pair };
            const png = renderPng(matrix, size, style);
            const image = PNG.sync.read(png);
            expect([image.width, image.height]).toEqual([size, size]);
            expect(decodePng(png), `${ecc} ${margin} ${size} ${pair.dark}/${pair.light} png`).toBe(link);
            const svg = renderSvg(matrix, size, style);
            expect(await decodeSvgPixels(svg), `${ecc} ${margin} ${size} ${pair.dark}/${pair.light} svg`).toBe(link);
            decoded += 2;
          }
        }
      }
    }
    expect(decoded).toBe(4 * 3 * 3 * colours.length * 2);
  });

  it("paints the colours it was given and the quiet zone in modules", () => {
    const matrix = qrMatrix(link, "Q");
    const style = { margin: 10, dark: "#1a237e", light: "#fff8e1" };
    const image = PNG.sync.read(renderPng(matrix, 1000, style));
    const { scale, offset } = layout(matrix.size, 1000, 10);
    expect(offset).toBeGreaterThanOrEqual(10 * scale);
    const pixel = (x: number, y: number) => Array.from(image.data.subarray((y * 1000 + x) * 4, (y * 1000 + x) * 4 + 3));
    expect(pixel(0, 0)).toEqual([0xff, 0xf8, 0xe1]);
    expect(pixel(offset + 1, offset + 1)).toEqual([0x1a, 0x23, 0x7e]); // the finder pattern's corner
    const svg = renderSvg(matrix, 256, style);
    expect(svg).toContain(`viewBox="0 0 ${matrix.size + 20} ${matrix.size + 20}"`);
    expect(svg).toContain('fill="#fff8e1"');
    expect(svg).toContain('stroke="#1a237e"');
  });

  it("draws larger symbols at higher levels, as the specification sizes them", () => {
    const sizes = QR_LEVELS.map((level) => qrMatrix(link, level).size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes[3]).toBeGreaterThan(sizes[0]!);
  });
});

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
