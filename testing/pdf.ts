import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/**
 * Test helpers that read PDFs the way a person's tools do, with poppler-utils (pdfinfo, pdftotext,
 * pdftoppm; .ci/run installs them) and jsQR on the rendered pixels.
 */

function withPdfFile<T>(pdf: Uint8Array, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "racekeys-pdf-"));
  try {
    const file = path.join(dir, "in.pdf");
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdfinfo's page count and first page size in points; throws if poppler cannot parse the file. */
export function pdfInfo(pdf: Uint8Array): { pages: number; width: number; height: number; title: string } {
  const info = withPdfFile(pdf, (file) => execFileSync("pdfinfo", [file], { encoding: "utf8" }));
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    width: Number(size?.[1]),
    height: Number(size?.[2]),
    title: /Title:\s+(.*)/.exec(info)?.[1]?.trim() ?? "",
  };
}

/** The text of one page (1-based), as pdftotext extracts it. */
export function pdfText(pdf: Uint8Array, page = 1): string {
  return withPdfFile(pdf, (file) =>
    execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", file, "-"], { encoding: "utf8" }),
  );
}

/** The words of page 1 with their heights in points, from `pdftotext -bbox`. */
export function wordBoxes(pdf: Uint8Array): Array<{ word: string; height: number }> {
  const html = withPdfFile(pdf, (file) =>
    execFileSync("pdftotext", ["-f", "1", "-l", "1", "-bbox", file, "-"], { encoding: "utf8" }),
  );
  return Array.from(
    html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g),
    (m) => ({
      word: m[3]!.replaceAll("&amp;", "&"),
      height: Number(m[2]) - Number(m[1]),
    }),
  );
}

/** One page (1-based) rendered by pdftoppm at `dpi`. */
export function renderPage(pdf: Uint8Array, page: number, dpi: number): PNG {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync("pdftoppm", [
      "-r",
      String(dpi),
      "-png",
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      file,
      path.join(dir, "page"),
    ]);
    return PNG.sync.read(readFileSync(path.join(dir, "page.png")));
  });
}

/** Decodes the QR code inside a rectangle given in PDF points (from the top-left) of a rendered page. */
export function decodeQrIn(
  page: PNG,
  rect: { x: number; y: number; width: number; height: number },
  dpi: number,
): string | undefined {
  const scale = dpi / 72;
  const left = Math.max(0, Math.floor(rect.x * scale));
  const top = Math.max(0, Math.floor(rect.y * scale));
  const width = Math.min(page.width - left, Math.ceil(rect.width * scale));
  const height = Math.min(page.height - top, Math.ceil(rect.height * scale));
  const crop = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((top + row) * page.width + left) * 4;
    crop.set(page.data.subarray(from, from + width * 4), row * width * 4);
  }
  return jsQR(crop, width, height)?.data;
}
