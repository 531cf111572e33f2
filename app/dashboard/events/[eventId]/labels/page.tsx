import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { eventKeyCounts } from "@/lib/adapters/dashboard/events";
import { LABEL_SHEETS, MAX_PRINTER_OFFSET_MM, pageCount, type LabelLayout } from "@/lib/domain/labels/layouts";
import { requireEvent } from "@/lib/adapters/dashboard/access";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { keyFileQuerySchema } from "@/lib/domain/key-files/schemas";
import { countLabels, type LabelSelection, type LabelSort } from "@/lib/domain/labels/source";
import { DEFAULT_QR_STYLE, QR_MAX_MARGIN, QR_MIN_CONTRAST, QR_MIN_MARGIN } from "@/lib/domain/qr/schemas";
import { LabelsDownloadForm } from "./download-form";

export const metadata: Metadata = { title: "Print labels" };

const number = new Intl.NumberFormat("en-GB");

const LAYOUTS: Array<{ layout: LabelLayout; title: string; detail: string }> = [
  { layout: "avery-l7160", title: "A4 label sheets, Avery L7160", detail: "21 labels per sheet, 63.5 × 38.1 mm" },
  { layout: "avery-5160", title: "US Letter label sheets, Avery 5160", detail: "30 labels per sheet, 2⅝ × 1 inch" },
  { layout: "single", title: "One large code per A4 page", detail: "for a start-area poster or a check-in desk" },
];

const SORTS: Array<{ sort: LabelSort; title: string }> = [
  { sort: "startNumber", title: "By start number (2 before 10)" },
  { sort: "name", title: "By name" },
  { sort: "key", title: "By key" },
];

const ECC_CHOICES = [
  ["L", "Low (7 %)"],
  ["M", "Medium (15 %, default)"],
  ["Q", "Quartile (25 %)"],
  ["H", "High (30 %)"],
] as const;

/**
 * The keys chosen on the form (`used`, `from`, `to`), which the form puts into this page's query as
 * they change, so the sheet counts are those of the chosen keys; anything not valid counts as no choice.
 */
function chosenKeys(query: Record<string, string | string[] | undefined>): LabelSelection {
  const given = Object.fromEntries(
    (["used", "from", "to"] as const).flatMap((name) => {
      const value = query[name];
      return typeof value === "string" && value !== "" ? [[name, value]] : [];
    }),
  );
  const parsed = keyFileQuerySchema.safeParse({ ...given, format: "pdf" });
  return parsed.success ? { used: parsed.data.used, from: parsed.data.from, to: parsed.data.to } : {};
}

export default async function LabelsPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId } = await params;
  const session = await requireSession(`/dashboard/events/${eventId}/labels`);
  const event = await requireEvent(session, "keys:export", eventId);
  const db = await getDb();
  const counts = await eventKeyCounts(db, event.id);
  const selection = chosenKeys(await searchParams);
  const chosen = Object.values(selection).some((value) => value !== undefined);
  const labels = chosen ? await countLabels(db, event.id, selection) : counts.minted;
  /** "1 sheet", "20 pages". */
  const pages = (layout: LabelLayout, labels: number) => {
    const count = pageCount(LABEL_SHEETS[layout], labels);
    return `${number.format(count)} ${layout === "single" ? "page" : "sheet"}${count === 1 ? "" : "s"}`;
  };

  if (counts.minted === 0) {
    return (
      <div className="card empty">
        <h2>Nothing to print yet</h2>
        <p>Labels show each key&apos;s QR code. Mint keys first.</p>
        <Link href={`/dashboard/events/${event.id}/keys`} className="button">
          Mint keys
        </Link>
      </div>
    );
  }

  return (
    <section className="card" aria-labelledby="labels-heading">
      <h2 id="labels-heading">Print QR labels for the race kits</h2>
      <p className="muted">
        Each label shows the key&apos;s QR code, the key in large type, the event name, and the participant&apos;s name
        and start number when they are set. Print at 100% (“actual size”), not “fit to page”.
      </p>
      <LabelsDownloadForm
        action={`/dashboard/events/${event.id}/keys/export`}
        page={`/dashboard/events/${event.id}/labels`}
      >
        <input type="hidden" name="format" value="pdf" />
        <fieldset>
          <legend>Paper</legend>
          {LAYOUTS.map(({ layout, title, detail }, i) => (
            <label key={layout} className="choice-card">
              <input type="radio" name="layout" value={layout} defaultChecked={i === 0} />
              <span>
                <strong>{title}</strong>
                <span className="small muted">
                  {" "}
                  · {detail} ·{" "}
                  <span data-label-count>
                    {chosen
                      ? `${number.format(labels)} of ${number.format(counts.minted)} keys`
                      : `all ${number.format(counts.minted)} keys`}{" "}
                    on {pages(layout, labels)}
                  </span>
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Keys</legend>
          <div className="choices">
            <label>
              <input type="radio" name="used" value="" defaultChecked={selection.used === undefined} /> All (
              {number.format(counts.minted)})
            </label>
            <label>
              <input type="radio" name="used" value="false" defaultChecked={selection.used === false} /> Unused (
              {number.format(counts.minted - counts.used)})
            </label>
            <label>
              <input type="radio" name="used" value="true" defaultChecked={selection.used === true} /> Used (
              {number.format(counts.used)})
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Order and range</legend>
          <div className="choices">
            {SORTS.map(({ sort, title }) => (
              <label key={sort}>
                <input type="radio" name="sort" value={sort} defaultChecked={sort === "startNumber"} /> {title}
              </label>
            ))}
          </div>
          <p className="small muted">
            Only some start numbers, for one box of race kits (leave empty for all; keys without a start number are then
            left out):
          </p>
          <div className="inline-form">
            <div className="field">
              <label htmlFor="range-from">Start numbers from</label>
              <input
                id="range-from"
                name="from"
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                defaultValue={selection.from}
              />
            </div>
            <div className="field">
              <label htmlFor="range-to">to</label>
              <input
                id="range-to"
                name="to"
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                defaultValue={selection.to}
              />
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>QR code</legend>
          <div className="inline-form">
            <div className="field">
              <label htmlFor="qr-ecc">Error correction</label>
              <select id="qr-ecc" name="ecc" defaultValue={DEFAULT_QR_STYLE.ecc}>
                {ECC_CHOICES.map(([level, title]) => (
                  <option key={level} value={level}>
                    {title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="qr-margin">Margin (modules)</label>
              <input
                id="qr-margin"
                name="margin"
                type="number"
                min={QR_MIN_MARGIN}
                max={QR_MAX_MARGIN}
                step={1}
                defaultValue={DEFAULT_QR_STYLE.margin}
              />
            </div>
            <div className="field">
              <label htmlFor="qr-dark">Dark colour</label>
              <input id="qr-dark" name="dark" type="color" defaultValue={DEFAULT_QR_STYLE.dark} />
            </div>
            <div className="field">
              <label htmlFor="qr-light">Light colour</label>
              <input id="qr-light" name="light" type="color" defaultValue={DEFAULT_QR_STYLE.light} />
            </div>
          </div>
          <p className="small muted">
            Higher error correction survives scratches and stickers over part of the code, at the cost of smaller
            modules. Colours need a contrast of at least {QR_MIN_CONTRAST}:1, dark on light, or phones will not read
            them.
          </p>
        </fieldset>
        <details className="field">
          <summary>Printer adjustment</summary>
          <p className="small muted">
            If your printer prints every label a little off, shift them all: positive values move right and down, in
            millimetres (up to {MAX_PRINTER_OFFSET_MM}).
          </p>
          <div className="inline-form">
            <div className="field">
              <label htmlFor="offset-x">Right by (mm)</label>
              <input
                id="offset-x"
                name="offsetX"
                type="number"
                step="0.5"
                min={-MAX_PRINTER_OFFSET_MM}
                max={MAX_PRINTER_OFFSET_MM}
                placeholder="0"
              />
            </div>
            <div className="field">
              <label htmlFor="offset-y">Down by (mm)</label>
              <input
                id="offset-y"
                name="offsetY"
                type="number"
                step="0.5"
                min={-MAX_PRINTER_OFFSET_MM}
                max={MAX_PRINTER_OFFSET_MM}
                placeholder="0"
              />
            </div>
          </div>
        </details>
      </LabelsDownloadForm>
    </section>
  );
}
