import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { relativeLuminance } from "@/lib/platform/color/contrast";

/** axe's impacts that fail a page; moderate and minor findings are advice. */
const FAILING = new Set(["serious", "critical"]);

/** The failing findings of axe (all its rules) over the page as it stands, one line per rule and element. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => FAILING.has(violation.impact ?? ""))
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.failureSummary}`,
      ),
    );
}

/**
 * Fails on any serious or critical axe violation of the page in the light and in the dark colour
 * scheme (the contrast rule included); leaves the page in the scheme it was in.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
  const found: Record<string, string[]> = {};
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    found[colorScheme] = await violations(page);
  }
  await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  expect(found, `axe on ${name}`).toEqual({ light: [], dark: [] });
}

/** The WCAG relative luminance of what the page is drawn on: the first opaque background of body or html. */
export async function backgroundLuminance(page: Page): Promise<number> {
  const hex = await page.evaluate(() => {
    const opaque = [document.body, document.documentElement]
      .map((element) => getComputedStyle(element).backgroundColor)
      .find((colour) => colour.startsWith("rgb("));
    const [r, g, b] = (opaque ?? "rgb(255, 255, 255)").match(/\d+/g)!.map(Number);
    return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, "0")).join("")}`;
  });
  return relativeLuminance(hex);
}
