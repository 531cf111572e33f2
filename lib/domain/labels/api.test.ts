import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { keyLink } from "@/lib/domain/links";
import { qrMatrix } from "@/lib/domain/qr/render";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { decodeQrIn, pdfInfo, pdfText, renderPage } from "@/testing/pdf";
import { LABEL_SHEETS, labelPlacement, labelRegions, type LabelLayout } from "./layouts";
import { labelLink, MAX_LABEL_LINK_LENGTH } from "./source";

const DPI = 150;

function firstQrRegion(layout: LabelLayout) {
  const { qr } = labelRegions(labelPlacement(LABEL_SHEETS[layout], 0).rect);
  return { x: qr.x - 2, y: qr.y - 2, width: qr.width + 4, height: qr.height + 4 };
}

describe("labelLink", () => {
  const url = "https://racemap.app";

  it("carries the start number and name", () => {
    expect(labelLink(url, "K84N2S", { startNumber: "02", name: "Zoë" })).toBe(
      keyLink(url, "K84N2S", { startNumber: "02", name: "Zoë" }),
    );
  });

  it("leaves out a name, then a start number, too long to print as a code", () => {
    const longName = "Ö".repeat(40); // 240 characters percent-encoded
    expect(labelLink(url, "K84N2S", { startNumber: "02", name: longName })).toBe(
      keyLink(url, "K84N2S", { startNumber: "02" }),
    );
    expect(labelLink(url, "K84N2S", { startNumber: "9".repeat(300), name: longName })).toBe(keyLink(url, "K84N2S"));
    expect(labelLink(url, "K84N2S", { name: "x".repeat(MAX_LABEL_LINK_LENGTH) }).length).toBeLessThanOrEqual(
      MAX_LABEL_LINK_LENGTH,
    );
  });

  it("keeps every label code within 53 modules, the size the layouts print at 1/3 mm or more", () => {
    const longest = labelLink("https://racekeys.example", "K84N2S", { startNumber: "123", name: "x".repeat(200) });
    expect(qrMatrix(longest).size).toBeLessThanOrEqual(53);
    const justFits = keyLink(url, "K84N2S", { name: "é".repeat(100) }).slice(0, MAX_LABEL_LINK_LENGTH);
    expect(qrMatrix(justFits).size).toBeLessThanOrEqual(53);
  });
});

describe.each(testDrivers())("starter_keys?format=pdf on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let eventId: string;
  let keys: Array<{ id: string; key: string }>;
  const publicUrl = getConfig().PUBLIC_URL;

  const pdf = async (query: string, as = token) => {
    const response = await apiRequest("GET", `/api/events/${eventId}/starter_keys?format=pdf${query}`, { token: as });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Stadtlauf Zürich 2027" } });
    eventId = ((await created.json()) as { id: string }).id;
    const minted = await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=45`, { token });
    expect(minted.status).toBe(201);
    keys = await database.db
      .select({ id: starters.id, key: starters.key })
      .from(starters)
      .where(eq(starters.eventId, eventId))
      .orderBy(asc(starters.seq))
      .then((rows) => rows.map((r) => ({ id: r.id, key: r.key! })));
    await database.db
      .update(starters)
      .set({ name: "Zoë Müller", startNumber: "007" })
      .where(eq(starters.id, keys[0]!.id));
    // The last 24 keys are used: 21 unused fill exactly one L7160 sheet.
    await database.db
      .update(starters)
      .set({ keyUsed: true })
      .where(
        inArray(
          starters.id,
          keys.slice(21).map((k) => k.id),
        ),
      );
  });
  afterAll(async () => database?.close());

  it("streams an A4 L7160 PDF of every key by default; the first code holds the first key's link with its participant", async () => {
    const { response, bytes } = await pdf("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="stadtlauf-zuerich-2027-keys-avery-l7160.pdf"',
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const info = pdfInfo(bytes);
    expect(info.pages).toBe(3);
    expect([info.width, info.height]).toEqual([595.28, 841.89]);
    const link = keyLink(publicUrl, keys[0]!.key, { startNumber: "007", name: "Zoë Müller" });
    expect(decodeQrIn(renderPage(bytes, 1, DPI), firstQrRegion("avery-l7160"), DPI)).toBe(link);
    const text = pdfText(bytes);
    for (const expected of [keys[0]!.key, keys[20]!.key, "Zoë Müller", "No. 007", "Stadtlauf Zürich 2027"])
      expect(text).toContain(expected);
    expect(text).not.toContain(keys[21]!.key); // on page 2
  });

  it("respects the used filter", async () => {
    const unused = await pdf("&used=false");
    expect(pdfInfo(unused.bytes).pages).toBe(1);
    const used = await pdf("&used=true&layout=avery-5160");
    expect(pdfInfo(used.bytes).pages).toBe(1);
    const page = renderPage(used.bytes, 1, DPI);
    expect(decodeQrIn(page, firstQrRegion("avery-5160"), DPI)).toBe(keyLink(publicUrl, keys[21]!.key));
    const usedText = pdfText(used.bytes);
    expect(usedText).toContain(keys[44]!.key);
    expect(usedText).not.toContain(keys[0]!.key);
  });

  it("prints US Letter Avery 5160 sheets and one large code per page", async () => {
    const letter = await pdf("&layout=avery-5160");
    expect(letter.response.headers.get("content-disposition")).toContain("keys-avery-5160.pdf");
    const info = pdfInfo(letter.bytes);
    expect(info.pages).toBe(2);
    expect([info.width, info.height]).toEqual([612, 792]);
    const single = await pdf("&layout=single&used=false");
    expect(pdfInfo(single.bytes).pages).toBe(21);
    expect(decodeQrIn(renderPage(single.bytes, 1, 72), firstQrRegion("single"), 72)).toBe(
      keyLink(publicUrl, keys[0]!.key, { startNumber: "007", name: "Zoë Müller" }),
    );
  });

  it("answers a valid one-page PDF when no key matches", async () => {
    await database.db
      .update(starters)
      .set({ keyUsed: true })
      .where(and(eq(starters.eventId, eventId), eq(starters.keyUsed, false)));
    try {
      const { response, bytes } = await pdf("&used=false");
      expect(response.status).toBe(200);
      expect(pdfInfo(bytes).pages).toBe(1);
      expect(pdfText(bytes)).toContain("No keys match this selection.");
    } finally {
      await database.db
        .update(starters)
        .set({ keyUsed: false })
        .where(
          inArray(
            starters.id,
            keys.slice(0, 21).map((k) => k.id),
          ),
        );
    }
  });

  it("rejects unknown layouts and offsets out of range in the error shape, and other organisers' events", async () => {
    for (const query of ["&layout=avery-9999", "&offsetX=11", "&offsetY=-10.5", "&offsetX=abc", "&format=docx"]) {
      const { response, bytes } = await pdf(query);
      expect(response.status, query).toBe(400);
      const body = JSON.parse(new TextDecoder().decode(bytes)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
    }
    const shifted = await pdf("&offsetX=-1.5&offsetY=2");
    expect(shifted.response.status).toBe(200);
    const { token: otherToken } = await newOrganiser(database.db);
    expect((await pdf("", otherToken)).response.status).toBe(404);
  });
});
