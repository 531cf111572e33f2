import { describe, expect, it } from "vitest";
import { slugify } from "./events";
import { slugSchema } from "./schemas";

describe("slugify", () => {
  it.each([
    ["Stadtlauf Münster", "stadtlauf-muenster"],
    ["Straßenlauf Gießen", "strassenlauf-giessen"],
    ["KÖLN MARATHON 2026", "koeln-marathon-2026"],
    ["Zoë's 10 km Run!", "zoes-10-km-run"],
    ["Crème brûlée Trail", "creme-brulee-trail"],
    ["Ærøskøbing Løb", "aeroskobing-lob"],
    ["Łódź Półmaraton", "lodz-polmaraton"],
    ["Москва", "moskva"],
  ])("%s → %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("gives names without letters or digits a fallback", () => {
    expect(slugify("🎉")).toBe("event");
    expect(slugify("!!")).toBe("event");
  });

  it("keeps a long name's slug within 48 characters, without a trailing hyphen, and valid", () => {
    const slug = slugify(`${"Ultra ".repeat(7)}Münster-Lauf über alle Berge`);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).not.toMatch(/-$/);
    expect(slugSchema.safeParse(slug).success).toBe(true);
  });
});
