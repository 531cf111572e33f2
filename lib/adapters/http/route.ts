import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Principal } from "@/lib/domain/access";
import { DomainError } from "@/lib/domain/errors";
import { logError, logRequest, requestIdOf } from "@/lib/platform/log";
import { observeRequest } from "@/lib/platform/metrics";
import { noticeForeignHost } from "@/lib/platform/server/public-url";
import { authenticateBearer } from "./bearer";
import { MAX_JSON_BODY_BYTES, readBodyBytes } from "./body";
import { ApiError, apiErrorOf, errorResponse, fromZodError, type ErrorCode } from "./errors";
import type { Auth, HttpMethod, Operation, RawBody } from "./operation";

export interface RouteContext<P, Q, B, H = undefined, A extends Auth = Auth> {
  req: Request;
  db: Db;
  params: P;
  query: Q;
  body: B;
  headers: H;
  /** The body of an operation with a `rawBody`, checked against its media types and size. */
  upload?: Upload;
  /** Who calls: the API token's principal; none for public operations. */
  principal: PrincipalOf<A>;
}
export interface Upload {
  contentType: string;
  bytes: Uint8Array;
}
type PrincipalOf<A extends Auth> = A extends "token" ? Principal : undefined;

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/**
 * Wraps a route handler: authenticates, parses params, query and body with the operation's zod
 * schemas, and turns every failure into the one JSON error shape, domain refusals included.
 */
export function handle<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  H extends z.ZodType,
  A extends Auth,
>(
  operation: Operation<P, Q, B, H, A>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>, Infer<H>, A>) => Promise<Response>,
) {
  return withRequestLog(
    operation.path,
    async (req, context) => {
      const db = await getDb();
      const principal = (operation.auth === "token" ? await authenticateBearer(db, req) : undefined) as PrincipalOf<A>;
      return handler({ ...(await parseRequest(operation, req, context)), db, principal });
    },
    { probe: operation.probe },
  );
}

/** `handle` for public operations that need no database, so they keep working while it is down. */
export function handleStateless<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType>(
  operation: Operation<P, Q, B, H>,
  handler: (ctx: Omit<RouteContext<Infer<P>, Infer<Q>, Infer<B>, Infer<H>>, "db" | "principal">) => Promise<Response>,
) {
  if (operation.auth !== "none") throw new Error(`${operation.operationId} needs a token, hence the database`);
  return withRequestLog(operation.path, async (req, context) => handler(await parseRequest(operation, req, context)), {
    probe: operation.probe,
  });
}

/**
 * Runs a handler with the request id, error mapping and one structured log line per request; notices
 * requests sent to another host than PUBLIC_URL's (one warning per process), except from probes.
 */
export function withRequestLog(
  route: string,
  run: (req: Request, context?: NextContext) => Promise<Response>,
  { probe = false }: { probe?: boolean } = {},
) {
  return async (req: Request, context?: NextContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    if (!probe) noticeForeignHost(req.headers);
    let response: Response;
    try {
      response = await run(req, context);
    } catch (error) {
      response = toErrorResponse(error, req, requestId);
    }
    response.headers.set("X-Request-Id", requestId);
    const entry = { method: req.method, route, status: response.status, durationMs: performance.now() - started };
    logRequest({ requestId, ...entry });
    observeRequest(entry);
    return response;
  };
}

async function parseRequest<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType>(
  operation: Operation<P, Q, B, H>,
  req: Request,
  context: NextContext | undefined,
) {
  const params = parse(operation.params, (await context?.params) ?? {}, "path");
  const query = parse(operation.query, Object.fromEntries(new URL(req.url).searchParams), "query");
  const headers = parse(operation.headers, Object.fromEntries(req.headers), "header");
  const body = operation.body ? parse(operation.body, await readJson(req), "body") : undefined;
  const upload = operation.rawBody ? await readRaw(req, operation.rawBody) : undefined;
  return {
    req,
    upload,
    params: params as Infer<P>,
    query: query as Infer<Q>,
    body: body as Infer<B>,
    headers: headers as Infer<H>,
  };
}

type RouteHandler = (req: Request, context?: NextContext) => Promise<Response>;
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * A route file's handlers for every method: the ones given, and a 405 with `Allow` in the one
 * error shape for the rest (Next.js's own 405 has an empty body).
 */
export function routeMethods(handlers: Partial<Record<HttpMethod, RouteHandler>>): Record<HttpMethod, RouteHandler> {
  const allow = (Object.keys(handlers) as HttpMethod[]).join(", ");
  const notAllowed = async (req: Request): Promise<Response> =>
    errorResponse(
      new ApiError(405, "method_not_allowed", `${req.method} is not allowed here; use ${allow}`, undefined, {
        Allow: allow,
      }),
    );
  return Object.fromEntries(METHODS.map((method) => [method, handlers[method] ?? notAllowed])) as Record<
    HttpMethod,
    RouteHandler
  >;
}

function parse(schema: z.ZodType | undefined, input: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
  }
  const text = new TextDecoder().decode(await readBodyBytes(req, MAX_JSON_BODY_BYTES));
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "the body is not valid JSON");
  }
}

async function readRaw(req: Request, spec: RawBody): Promise<Upload> {
  const contentType = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!spec.contentTypes.includes(contentType)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `the body must be ${spec.description} (Content-Type: ${spec.contentTypes.join(", ")})`,
    );
  }
  return { contentType, bytes: await readBodyBytes(req, spec.maxBytes) };
}

export function toErrorResponse(error: unknown, req: Request, requestId?: string): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof DomainError) return errorResponse(apiErrorOf(error));
  const unavailable = databaseUnavailable(error);
  if (unavailable) return errorResponse(unavailable);
  logError(error, { requestId, method: req.method, path: new URL(req.url).pathname });
  return errorResponse(new ApiError(500, "internal_error" satisfies ErrorCode, "something went wrong on our side"));
}

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "CONNECTION_CLOSED",
  "CONNECT_TIMEOUT",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P03",
  "53300",
]);

/** A database that cannot be reached is a 503 the client may retry, not a 500. */
function databaseUnavailable(error: unknown): ApiError | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERRORS.has(code)) {
      return new ApiError(503, "unavailable", "the database is unavailable; try again shortly", undefined, {
        "Retry-After": "5",
      });
    }
  }
  return undefined;
}
