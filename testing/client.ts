import { createOrganiser } from "@/lib/domain/auth/organisers";
import { createApiToken } from "@/lib/domain/auth/tokens";
import type { Db } from "@/db/client";
import { appRoutes } from "./routes";

type RouteModule = Record<
  string,
  (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
>;

/** The app's routes, as Next.js maps them, for in-process requests against the real handlers. */
const ROUTES = appRoutes();

export interface RequestOptions {
  token?: string;
  json?: unknown;
  /** Sent as is: text, or the bytes of a file. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** Sends a request to the route handler Next.js would pick for `path` (with its query string). */
export async function apiRequest(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const url = new URL(path, "http://racekeys.test");
  for (const route of ROUTES) {
    const params = route.match(url.pathname);
    if (!params) continue;
    const handler = ((await import(route.file)) as RouteModule)[method];
    if (!handler) throw new Error(`${path} does not export ${method}`);
    const headers = new Headers(options.headers);
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    // A copy of bytes: a Buffer may be a view of a larger pool, which Request would send whole.
    let body = typeof options.body === "string" ? options.body : options.body && new Uint8Array(options.body);
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
