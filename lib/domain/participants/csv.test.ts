import { describe, expect, it } from "vitest";
import { csvRow } from "@/lib/domain/keys/csv";
import { MAX_PARTICIPANT_ROWS, parseParticipantCsv, type ParticipantRow } from "./csv";

const row = (line: number, fields: Partial<Omit<ParticipantRow, "line">>): ParticipantRow => ({
  line,
  startNumber: null,
  name: null,
  key: null,
  starterId: null,
  cells: expect.any(Array) as string[],
  ...fields,
});

describe("parseParticipantCsv", () => {
  it("reads a semicolon file with a BOM, umlauts, quotes and first and last names (German Excel)", () => {
    const text =
      '\uFEFFStartnummer;Vorname;Nachname;E-Mail\r\n02;Zoë;"Müller; geb. Schmidt";zoe@example.com\r\n117;Jürgen;"O""Brien";\r\n';
    expect(parseParticipantCsv(text)).toEqual({
      delimiter: ";",
      header: ["Startnummer", "Vorname", "Nachname", "E-Mail"],
      idColumn: null,
      problems: [],
      rows: [
        row(2, { startNumber: "02", name: "Zoë Müller; geb. Schmidt" }),
        row(3, { startNumber: "117", name: 'Jürgen O"Brien' }),
      ],
    });
  });

  it("reads a comma file with columns in any order, loose header names and quoted commas", () => {
    const text =
      'Key,Full Name,BIB,starterId\nk84n2s,"Meier, Hans",  7 ,\n,Anna,,6F9619FF-8B86-D011-B42D-00C04FC964FF\n';
    expect(parseParticipantCsv(text)).toEqual({
      delimiter: ",",
      header: ["Key", "Full Name", "BIB", "starterId"],
      idColumn: null,
      problems: [],
      rows: [
        row(2, { key: "K84N2S", name: "Meier, Hans", startNumber: "7" }),
        row(3, { name: "Anna", starterId: "6f9619ff-8b86-d011-b42d-00c04fc964ff" }),
      ],
    });
  });

  it.each([["startnumber"], ["start_number"], ["Start number"], ["startNumber"], ["Start-Nr."], ["bib"]])(
    "knows %s as the start number",
    (header) => {
      expect(parseParticipantCsv(`name;${header}\nAnna;0042`).rows).toEqual([
        row(2, { name: "Anna", startNumber: "0042" }),
      ]);
    },
  );

  it.each([["firstname;lastname"], ["First Name;Last Name"], ["first_name;last_name"], ["Vorname;Nachname"]])(
    "joins %s into the name, and takes either alone",
    (headers) => {
      expect(parseParticipantCsv(`${headers}\nAnna;Schmidt\nBen;\n;Cox`).rows.map((r) => r.name)).toEqual([
        "Anna Schmidt",
        "Ben",
        "Cox",
      ]);
    },
  );

  it("takes a platform's own id column as the registration id, beside starter_id; name over first and last name", () => {
    const text = "id;starter_id;Name;Vorname\n991;6f9619ff-8b86-d011-b42d-00c04fc964ff;Anna Schmidt;Anna\n";
    expect(parseParticipantCsv(text).rows).toEqual([
      row(2, { importId: "991", starterId: "6f9619ff-8b86-d011-b42d-00c04fc964ff", name: "Anna Schmidt" }),
    ]);
  });

  it("guesses the id column from its header, or takes the one picked, or none", () => {
    const text = "Nr;E-Mail;Teilnehmer-ID;Name\n1;a@example.com;T-77;Anna\n";
    expect(parseParticipantCsv(text)).toMatchObject({ idColumn: 2, rows: [{ importId: "T-77", startNumber: "1" }] });
    expect(parseParticipantCsv(text, { idColumn: 1 })).toMatchObject({
      idColumn: 1,
      rows: [{ importId: "a@example.com" }],
    });
    const none = parseParticipantCsv(text, { idColumn: "none" });
    expect(none.idColumn).toBeNull();
    expect(none.rows[0]).not.toHaveProperty("importId");
    expect(parseParticipantCsv("Name;Bib\nAnna;1").idColumn).toBeNull();
  });

  it("keeps every cell as uploaded, for the merged CSV", () => {
    expect(parseParticipantCsv("Name;E-Mail;Club\nAnna;a@example.com;'=TSV\n").rows[0]!.cells).toEqual([
      "Anna",
      "a@example.com",
      "'=TSV",
    ]);
  });

  it("reports rows with too few columns instead of reading them shifted", () => {
    const parsed = parseParticipantCsv("Bib;Name;Club\n1;Anna;TSV\n2;Ben\n3\n");
    expect(parsed.problems).toEqual([
      {
        line: 3,
        field: "file",
        message: 'this line has 2 columns, the header 3: give every line one cell per column, separated by ";"',
      },
      {
        line: 4,
        field: "file",
        message: 'this line has 1 column, the header 3: give every line one cell per column, separated by ";"',
      },
    ]);
  });

  it("numbers rows by the text line they start on, as the correction box does, also after a cell spanning lines", () => {
    const parsed = parseParticipantCsv('Name;Note\r\nAnna;"two\r\nlines"\r\nBen;x\r\n\r\nCem\r\n');
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([
      [2, "Anna"],
      [4, "Ben"],
      [6, "Cem"],
    ]);
    expect(parsed.problems.map((p) => p.line)).toEqual([6]);
  });

  it("reads back our own merged CSV and key export, neutralised cells included", () => {
    const text =
      csvRow(["starter_id", "key", "startNumber", "name"], ";") +
      csvRow(["6f9619ff-8b86-d011-b42d-00c04fc964ff", "K84N2S", "-5", "=Anna"], ";");
    expect(parseParticipantCsv(text).rows).toEqual([
      row(2, { starterId: "6f9619ff-8b86-d011-b42d-00c04fc964ff", key: "K84N2S", startNumber: "-5", name: "=Anna" }),
    ]);
  });

  it("numbers rows as a spreadsheet does, skipping blank lines without renumbering", () => {
    const parsed = parseParticipantCsv("name,bib\n\nAnna,1\n , \nBen,2\n\n");
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([
      [3, "Anna"],
      [5, "Ben"],
    ]);
  });

  it("reads a one-column file", () => {
    expect(parseParticipantCsv("Name\nAnna\nBen")).toEqual({
      delimiter: ",",
      header: ["Name"],
      idColumn: null,
      problems: [],
      rows: [row(2, { name: "Anna" }), row(3, { name: "Ben" })],
    });
  });

  it("reports a file without a name column, an empty file, duplicate columns and broken quotes", () => {
    expect(parseParticipantCsv("bib;key\n1;K84N2S").problems).toEqual([
      { line: 1, field: "name", message: "no name column: expected name, or first name and last name" },
    ]);
    expect(parseParticipantCsv("").problems).toEqual([expect.objectContaining({ line: 1, field: "file" })]);
    expect(parseParticipantCsv("\uFEFF\r\n").problems).toEqual([expect.objectContaining({ line: 1, field: "file" })]);
    expect(parseParticipantCsv("name;Name\nA;B").problems).toEqual([
      { line: 1, field: "name", message: 'two columns "name" and "Name": rename or remove one' },
    ]);
    const broken = parseParticipantCsv('name;bib\nAnna;1\n"Ben;2\n');
    expect(broken.problems).toEqual([{ line: 3, field: "file", message: 'a quote (") is opened but never closed' }]);
  });

  it("refuses more rows than an event can have keys, once", () => {
    const text = `name\n${"Anna\n".repeat(MAX_PARTICIPANT_ROWS + 2)}`;
    const parsed = parseParticipantCsv(text);
    expect(parsed.rows).toHaveLength(MAX_PARTICIPANT_ROWS);
    expect(parsed.problems).toEqual([
      { line: MAX_PARTICIPANT_ROWS + 2, field: "file", message: "at most 100,000 participants per file" },
    ]);
  });
});
