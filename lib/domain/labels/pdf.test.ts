import { describe, expect, it } from "vitest";
import { KEY_ALPHABET } from "@/lib/domain/keys/code";
import { keyLink } from "@/lib/domain/links";
import { decodeQrIn, pdfInfo, pdfText, renderPage, wordBoxes } from "@/testing/pdf";
import { LABEL_SHEETS, labelPlacement, labelRegions, type LabelLayout, type PrinterOffsetMm } from "./layouts";
import { renderLabelsPdf, type LabelData } from "./pdf";

const PUBLIC_URL = "https://racekeys.example";

function label(i: number, participant: { name?: string | null; startNumber?: string | null } = {}): LabelData {
  const key = `K${String(i).padStart(5, "0")}`;
  const name = participant.name ?? null;
  const startNumber = participant.startNumber ?? null;
  return { key, link: keyLink(PUBLIC_URL, key, { name, startNumber }), name, startNumber };
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function pdfOf(
  layout: LabelLayout,
  labels: LabelData[],
  offsetMm?: PrinterOffsetMm,
  eventName = "Stadtlauf Zürich",
): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(renderLabelsPdf({ layout, eventName, offsetMm, labels: from(labels) })).arrayBuffer(),
  );
}

/** The QR region of label `index` (on its page), with a little margin around it. */
function qrRegion(layout: LabelLayout, index: number, offsetMm?: PrinterOffsetMm) {
  const { qr } = labelRegions(labelPlacement(LABEL_SHEETS[layout], index, offsetMm).rect);
  return { x: qr.x - 2, y: qr.y - 2, width: qr.width + 4, height: qr.height + 4 };
}

describe("renderLabelsPdf", () => {
  it.each([
    ["avery-l7160", 45, 3, [595.28, 841.89]],
    ["avery-5160", 45, 2, [612, 792]],
    ["single", 3, 3, [595.28, 841.89]],
  ] as const)(
    "%s: %i labels make %i pages of the right paper, and codes decode to their links",
    async (layout, count, pages, paper) => {
      const labels = Array.from({ length: count }, (_, i) =>
        label(i, i % 2 ? { name: `Zoë Müller ${i}`, startNumber: `0${i}` } : {}),
      );
      const pdf = await pdfOf(layout, labels);
      const info = pdfInfo(pdf);
      expect(info.pages).toBe(pages);
      expect(info.width).toBeCloseTo(paper[0], 1);
      expect(info.height).toBeCloseTo(paper[1], 1);
      expect(info.title).toBe("Stadtlauf Zürich – key labels");
      const dpi = layout === "single" ? 72 : 150;
      const page = renderPage(pdf, 1, dpi);
      const lastOnPage = Math.min(count, LABEL_SHEETS[layout].columns * LABEL_SHEETS[layout].rows) - 1;
      for (const index of new Set([0, Math.min(1, lastOnPage), lastOnPage]))
        expect(decodeQrIn(page, qrRegion(layout, index), dpi)).toBe(labels[index]!.link);
    },
  );

  it.each(["avery-l7160", "avery-5160", "single"] as const)(
    "%s: prints the widest keys whole, however wide their letters",
    async (layout) => {
      const keys = [...KEY_ALPHABET].map((symbol) => symbol.repeat(6));
      const labels = keys.map((key) => ({ key, link: keyLink(PUBLIC_URL, key), name: null, startNumber: null }));
      const pdf = await pdfOf(layout, labels);
      const text = Array.from({ length: pdfInfo(pdf).pages }, (_, i) => pdfText(pdf, i + 1)).join("\n");
      for (const key of keys) expect(text).toContain(key);
      expect(text).not.toContain("…");
    },
  );

  it("prints the key, event, start number and name, with accents intact", async () => {
    const pdf = await pdfOf("avery-5160", [
      label(0, { name: "Zoë Müller", startNumber: "02" }),
      label(1, { name: "Łukasz Żółć" }),
      label(2, { name: "Ελένη Иван" }),
    ]);
    const text = pdfText(pdf);
    for (const expected of [
      "K00000",
      "K00001",
      "K00002",
      "Stadtlauf Zürich",
      "No. 02",
      "Zoë Müller",
      "Łukasz Żółć",
      "Ελένη Иван",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("copes with emoji, control characters, scripts the font lacks and very long names", async () => {
    const hostile = [
      label(0, { name: "🏃‍♀️ Anna 🇩🇪\u0000\u0007", startNumber: "7\n8" }),
      label(1, { name: "山田 太郎" }),
      label(2, { name: "Maximilian Alexander Ferdinand von und zu Hohenzollern-Sigmaringen".repeat(20) }),
      label(3, { name: "\u202Eevil\u202C (x) <script>" }),
      label(4, { name: "😀", startNumber: "🏁" }),
    ];
    const pdf = await pdfOf("avery-l7160", hostile, undefined, "Run 🏃 \u0000 (2027) \\ ");
    expect(pdfInfo(pdf).pages).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain("Anna");
    expect(text).toContain("No. 7 8");
    expect(text).toContain("?? ??");
    expect(text).toContain("Maximilian");
    expect(text).not.toContain("…");
    expect(text).toContain("evil (x) <script>");
    expect(text).toContain("Run (2027) \\");
    expect(text).not.toMatch(/No\.\s*$/m); // no start number line for an emoji-only start number
    const page = renderPage(pdf, 1, 150);
    expect(decodeQrIn(page, qrRegion("avery-l7160", 3), 150)).toBe(hostile[3]!.link);
  });

  it.each(["avery-l7160", "avery-5160"] as const)(
    "%s: wraps long names to two lines, whole, and sets the event name at 7 pt or more, even a long one",
    async (layout) => {
      const name = "Maximilian Alexander von Hohenzollern-Sigmaringen";
      const eventName = "Internationaler Stadtlauf Münster 2027 – Halbmarathon";
      const pdf = await pdfOf(
        layout,
        [label(0, { name, startNumber: "1042" }), label(1, { name: "Anna" })],
        undefined,
        eventName,
      );
      const text = pdfText(pdf).replace(/\s+/g, " ");
      for (const word of name.split(/[ -]/)) expect(text).toContain(word);
      expect(text).not.toContain("…");
      // Word boxes: the event's words are set in Noto Sans, whose box is 1.362 em high.
      const words = wordBoxes(pdf).filter((w) => eventName.split(" ").includes(w.word));
      expect(words.length).toBeGreaterThanOrEqual(eventName.split(" ").length * 2); // on both labels
      for (const word of words) expect(word.height / 1.362).toBeGreaterThanOrEqual(6.99);
    },
  );

  it("shifts everything by the printer offset", async () => {
    const labels = [label(0, { name: "Anna" })];
    const offset = { x: 6, y: -4 };
    const pdf = await pdfOf("avery-l7160", labels, offset);
    const page = renderPage(pdf, 1, 150);
    expect(decodeQrIn(page, qrRegion("avery-l7160", 0, offset), 150)).toBe(labels[0]!.link);
    expect(decodeQrIn(page, qrRegion("avery-l7160", 0), 150)).toBeUndefined(); // the unshifted crop cuts the code
  });

  it("writes one page that says so when there is nothing to print", async () => {
    const pdf = await pdfOf("avery-l7160", []);
    expect(pdfInfo(pdf).pages).toBe(1);
    expect(pdfText(pdf)).toContain("No keys match this selection.");
  });

  it("reads labels only as pages are consumed, and stops reading when the reader cancels", async () => {
    let pulled = 0;
    let closed = false;
    async function* many(): AsyncGenerator<LabelData> {
      try {
        for (let i = 0; i < 10_000; i++) {
          pulled++;
          yield label(i);
        }
      } finally {
        closed = true;
      }
    }
    const reader = renderLabelsPdf({ layout: "avery-l7160", eventName: "Lazy", labels: many() }).getReader();
    // The header, then one chunk per page, each written when the next page starts.
    for (let chunk = 0; chunk < 4; chunk++) expect((await reader.read()).done).toBe(false);
    expect(pulled).toBeGreaterThanOrEqual(3 * 21);
    expect(pulled).toBeLessThanOrEqual(5 * 21); // a page or two ahead of the reader, not 10,000
    const before = pulled;
    await reader.cancel();
    expect(closed).toBe(true);
    expect(pulled).toBe(before);
  });
});
