import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("quotes cells with the delimiter, quotes or line breaks (RFC 4180)", () => {
    expect(csvCell("plain", ",")).toBe("plain");
    expect(csvCell("a,b", ",")).toBe('"a,b"');
    expect(csvCell("a,b", ";")).toBe("a,b");
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(csvCell('say "hi"', ",")).toBe('"say ""hi"""');
    expect(csvCell("two\nlines", ",")).toBe('"two\nlines"');
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://evil")', ",")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1", ",")).toBe("'+1");
    expect(csvCell("-2", ",")).toBe("'-2");
    expect(csvCell("@SUM(A1)", ",")).toBe("'@SUM(A1)");
    expect(csvCell("\tx", ",")).toBe("'\tx");
    expect(csvCell("\rx", ",")).toBe('"\'\rx"');
    expect(csvCell("a=b", ",")).toBe("a=b");
  });

  it("writes empty cells for null and keeps booleans and umlauts", () => {
    expect(csvRow([null, undefined, true, "Zoë"], ";")).toBe(";;true;Zoë\r\n");
  });
});
