import { createOrganiser } from "@/lib/domain/auth/organisers";
import { createApiToken } from "@/lib/domain/auth/tokens";
import type { Db } from "@/db/client";

type RouteModule = Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;

/** The app's API routes, as Next.js maps them, for in-process requests against the real handlers. */
const ROUTES: Array<[RegExp, string[], () => Promise<RouteModule>]> = [
  [/^\/api\/inspect$/, [], () => import("@/app/api/inspect/route")],
  [/^\/api\/events$/, [], () => import("@/app/api/events/route")],
  [/^\/api\/events\/([^/]+)$/, ["eventId"], () => import("@/app/api/events/[eventId]/route")],
  [
    /^\/api\/events\/([^/]+)\/actions\/generate_starter_keys$/,
    ["eventId"],
    () => import("@/app/api/events/[eventId]/actions/generate_starter_keys/route"),
  ],
  [
    /^\/api\/events\/([^/]+)\/actions\/regenerate_passcode$/,
    ["eventId"],
    () => import("@/app/api/events/[eventId]/actions/regenerate_passcode/route"),
  ],
  [/^\/api\/events\/([^/]+)\/starter_keys$/, ["eventId"], () => import("@/app/api/events/[eventId]/starter_keys/route")],
  [
    /^\/api\/starters\/actions\/generate_key_qrcode$/,
    [],
    () => import("@/app/api/starters/actions/generate_key_qrcode/route"),
  ],
  [/^\/api\/starters\/actions\/resolve_key$/, [], () => import("@/app/api/starters/actions/resolve_key/route")],
  [/^\/api\/starters\/actions\/redeem_key$/, [], () => import("@/app/api/starters/actions/redeem_key/route")],
  [
    /^\/api\/starters\/([^/]+)\/actions\/release_key$/,
    ["starterId"],
    () => import("@/app/api/starters/[starterId]/actions/release_key/route"),
  ],
  [/^\/api\/health$/, [], () => import("@/app/api/health/route")],
  [/^\/api\/ready$/, [], () => import("@/app/api/ready/route")],
  [/^\/api\/openapi\.json$/, [], () => import("@/app/api/openapi.json/route")],
];

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

/** Sends a request to the route handler Next.js would pick for `path` (with its query string). */
export async function apiRequest(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const url = new URL(path, "http://racekeys.test");
  for (const [pattern, names, load] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const handler = (await load())[method];
    if (!handler) throw new Error(`${path} does not export ${method}`);
    const headers = new Headers(options.headers);
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    return handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  }
  throw new Error(`no route for ${path}`);
}

/** A new organiser with an API token. */
export async function newOrganiser(db: Db, email = `org-${crypto.randomUUID()}@example.com`) {
  const organiser = await createOrganiser(db, { email });
  const { token, id: tokenId } = await createApiToken(db, organiser.id);
  return { organiser, token, tokenId };
}
