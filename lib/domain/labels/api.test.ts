import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starters } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { keyLink } from "@/lib/domain/links";
import { qrMatrix } from "@/lib/domain/qr/render";
import { QR_LEVELS } from "@/lib/domain/qr/schemas";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { decodeQrIn, pdfInfo, pdfText, renderPage } from "@/testing/pdf";
import { LABEL_SHEETS, labelPlacement, labelRegions, type LabelLayout } from "./layouts";
import { labelLink, MAX_LABEL_LINK_LENGTHS } from "./source";

const MAX_LABEL_LINK_LENGTH = MAX_LABEL_LINK_LENGTHS.M;

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

  it.each(QR_LEVELS)(
    "keeps every label code within 53 modules, the size the layouts print at 1/3 mm or more, at level %s",
    (ecc) => {
      const longest = labelLink(
        "https://racekeys.example",
        "K84N2S",
        { startNumber: "123", name: "x".repeat(200) },
        ecc,
      );
      expect(qrMatrix(longest, ecc).size).toBeLessThanOrEqual(53);
      const justFits = keyLink(url, "K84N2S", { name: "é".repeat(100) }).slice(0, MAX_LABEL_LINK_LENGTHS[ecc]);
      expect(qrMatrix(justFits, ecc).size).toBeLessThanOrEqual(53);
      expect(labelLink(url, "K84N2S", { startNumber: "1042" }, ecc)).toBe(
        keyLink(url, "K84N2S", { startNumber: "1042" }),
      );
    },
  );
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
    // At 7 pt the event name takes two lines on a 63.5 mm label: "Stadtlauf Zürich" above "2027".
    for (const expected of [keys[0]!.key, keys[20]!.key, "Zoë Müller", "No. 007", "Stadtlauf Zürich", "2027"])
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

  it("prints codes with the QR options (level, margin, colours) that decode, on every layout", async () => {
    const link = keyLink(publicUrl, keys[0]!.key, { startNumber: "007", name: "Zoë Müller" });
    for (const [layout, options] of [
      ["avery-l7160", "&ecc=H&margin=8&dark=%231a237e&light=%23fff8e1"],
      ["avery-5160", "&ecc=Q&margin=2&dark=0b5d1e&light=7fd48f"],
      ["single", "&ecc=L&margin=16&dark=%23767676"],
    ] as const) {
      const { response, bytes } = await pdf(`&layout=${layout}&used=false${options}`);
      expect(response.status, options).toBe(200);
      const dpi = layout === "single" ? 72 : 200;
      expect(decodeQrIn(renderPage(bytes, 1, dpi), firstQrRegion(layout), dpi), options).toBe(link);
    }
  });

  it("refuses bad ranges, sorts and QR options, and PDF-only parameters with other formats, naming the parameter", async () => {
    for (const [query, parameter] of [
      ["&from=10&to=2", "from"],
      ["&from=abc", "from"],
      ["&to=-1", "to"],
      ["&from=1.5", "from"],
      ["&sort=age", "sort"],
      ["&ecc=Z", "ecc"],
      ["&margin=0", "margin"],
      ["&dark=%23888888", "dark"],
      ["&dark=fff&light=000", "dark"],
    ] as const) {
      const { response, bytes } = await pdf(query);
      expect(response.status, query).toBe(400);
      const body = JSON.parse(new TextDecoder().decode(bytes)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message.startsWith(`${parameter}: `), body.error.message).toBe(true);
    }
    for (const query of ["format=csv&sort=key", "format=json&ecc=H", "format=csv&from=1"]) {
      const response = await apiRequest("GET", `/api/events/${eventId}/starter_keys?${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("format=pdf only");
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

describe.each(testDrivers())("label order and start number ranges on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  let eventId: string;
  let keys: string[];
  // In creation order: numeric, with leading zeros, text, empty and missing start numbers.
  const participants: Array<{ startNumber: string | null; name: string | null }> = [
    { startNumber: "10", name: "Özil, Mesut" },
    { startNumber: "2", name: "anna Schmidt" },
    { startNumber: "007", name: "Bond" },
    { startNumber: "B12", name: "Zoë" },
    { startNumber: "", name: null },
    { startNumber: null, name: "Carla" },
    { startNumber: "1", name: "Ben" },
    { startNumber: "500", name: "Álvaro" },
  ];

  /** The keys of a one-code-per-page PDF, page by page. */
  const keysOf = async (query: string): Promise<string[]> => {
    const response = await apiRequest("GET", `/api/events/${eventId}/starter_keys?format=pdf&layout=single${query}`, {
      token,
    });
    expect(response.status, query).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const pages = pdfInfo(bytes).pages;
    return Array.from({ length: pages }, (_, i) => keys.find((key) => pdfText(bytes, i + 1).includes(key)) ?? "none");
  };
  const inOrder = (...indices: number[]) => indices.map((i) => keys[i]!);

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    ({ token } = await newOrganiser(database.db));
    const created = await apiRequest("POST", "/api/events", { token, json: { name: "Box Run" } });
    eventId = ((await created.json()) as { id: string }).id;
    const minted = await apiRequest("POST", `/api/events/${eventId}/actions/generate_starter_keys?count=8`, { token });
    keys = ((await minted.json()) as Array<{ key: string }>).map((k) => k.key);
    const rows = await database.db
      .select({ id: starters.id, key: starters.key })
      .from(starters)
      .where(eq(starters.eventId, eventId));
    for (const [i, participant] of participants.entries()) {
      const id = rows.find((row) => row.key === keys[i])!.id;
      await database.db.update(starters).set(participant).where(eq(starters.id, id));
    }
  });
  afterAll(async () => database?.close());

  it("orders by start number by default: numbers by value (1, 2, 007, 10, 500), then text, then none", async () => {
    const byNumber = inOrder(6, 1, 2, 0, 7, 3, 4, 5);
    expect(await keysOf("")).toEqual(byNumber);
    expect(await keysOf("&sort=startNumber")).toEqual(byNumber);
  });

  it("orders by name, case aside, unnamed last, or by key", async () => {
    const byName = await keysOf("&sort=name");
    const names = byName.map((key) => participants[keys.indexOf(key)]!.name);
    // Where accented initials go depends on the database's collation; plain letters and the unnamed do not.
    const plain = names.filter((name) => name && /^[a-z]/i.test(name));
    expect(plain).toEqual(["anna Schmidt", "Ben", "Bond", "Carla", "Zoë"]);
    expect(names[names.length - 1]).toBeNull();
    expect(await keysOf("&sort=key")).toEqual([...keys].sort());
  });

  it("prints a range of start numbers, compared as numbers, leaving out text and missing ones", async () => {
    expect(await keysOf("&from=2&to=10")).toEqual(inOrder(1, 2, 0));
    expect(await keysOf("&from=7")).toEqual(inOrder(2, 0, 7));
    expect(await keysOf("&to=1")).toEqual(inOrder(6));
    expect(await keysOf("&from=2&to=10&sort=key")).toEqual(inOrder(1, 2, 0).sort());
    const none = await apiRequest("GET", `/api/events/${eventId}/starter_keys?format=pdf&from=600`, { token });
    expect(pdfText(new Uint8Array(await none.arrayBuffer()))).toContain("No keys match this selection.");
  });
});
