import type { z } from "zod";
import type { Scope } from "@/lib/domain/access";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
/** "token": an organiser's API token is required (Authorization: Bearer); "none": public. */
export type Auth = "token" | "none";

export interface ResponseSpec {
  description: string;
  /** JSON body schema; omit for non-JSON bodies and give `contentTypes`. */
  schema?: z.ZodType;
  contentTypes?: string[];
}

/** A body that is not JSON: the bytes as sent, of one of these media types. */
export interface RawBody {
  contentTypes: readonly string[];
  maxBytes: number;
  /** What the body is, for the document and for the 415 answer: "a PNG, JPEG or WebP image". */
  description: string;
  /** For the document: the schema of a media type whose body the handler parses itself (JSON rows). */
  schemas?: Record<string, z.ZodType>;
}

/**
 * One API operation: what it accepts and answers. The route wrapper validates requests with these
 * schemas and the OpenAPI document is generated from the same objects, so the two cannot drift.
 */
export interface Operation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
  A extends Auth = Auth,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path, e.g. /api/events/{eventId}. */
  path: string;
  summary: string;
  auth: A;
  /** The API token scopes the operation needs (lib/domain/access SCOPES); stated in the document. */
  scopes?: readonly Scope[];
  params?: P;
  query?: Q;
  body?: B;
  /** Instead of a JSON `body`: the bytes of a file (an image). */
  rawBody?: RawBody;
  /** Request headers the operation reads; keys in lower case. */
  headers?: H;
  responses: Record<number, ResponseSpec>;
  /** A health probe: load balancers call it at whatever address they use, so its host is not checked. */
  probe?: true;
}

export function defineOperation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
  A extends Auth = Auth,
>(operation: Operation<P, Q, B, H, A>): Operation<P, Q, B, H, A> {
  return operation;
}
