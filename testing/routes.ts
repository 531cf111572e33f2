import { readdirSync } from "node:fs";
import path from "node:path";

/** A route handler file of app/ and the URL paths Next.js serves it at. */
export interface AppRoute {
  file: string;
  /** The path with `{param}` for each dynamic segment, as OpenAPI writes it: /api/events/{eventId}. */
  template: string;
  /** The parameters of a path this route serves (decoded), or undefined. */
  match(pathname: string): Record<string, string> | undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function appRoute(file: string, segments: string[]): AppRoute {
  if (segments.some((segment) => segment.startsWith("[...")))
    throw new Error(`${file}: catch-all segments are not supported`);
  const names = segments.flatMap((segment) => /^\[(.+)\]$/.exec(segment)?.slice(1) ?? []);
  const pattern = new RegExp(`^/${segments.map((s) => (s.startsWith("[") ? "([^/]+)" : escapeRegExp(s))).join("/")}$`);
  return {
    file,
    template: `/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`,
    match(pathname) {
      const found = pattern.exec(pathname);
      return found ? Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)])) : undefined;
    },
  };
}

/** Static segments before dynamic ones, segment by segment: the route Next.js picks comes first. */
const specificity = (template: string) =>
  template
    .split("/")
    .map((s) => (s.startsWith("{") ? "1" : "0"))
    .join("");

/**
 * Every route.ts under app/, found by Next.js's file conventions: a folder is a path segment,
 * `[param]` a dynamic one, `(group)` none; folders starting with `_` are private. A new route needs
 * no table.
 */
export function appRoutes(dir = path.join(process.cwd(), "app"), segments: string[] = []): AppRoute[] {
  const routes = readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === "route.ts" ? [appRoute(path.join(dir, entry.name), segments)] : [];
    if (!entry.isDirectory() || entry.name.startsWith("_")) return [];
    const inPath = /^\(.+\)$/.test(entry.name) ? segments : [...segments, entry.name];
    return appRoutes(path.join(dir, entry.name), inPath);
  });
  return routes.sort((a, b) => specificity(a.template).localeCompare(specificity(b.template)));
}
