import { z } from "zod";
import { DomainError, type DomainErrorKind } from "@/lib/domain/errors";

/** The one error body of every API route. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_request" }),
      message: z.string().meta({ example: "count must be an integer from 1 to 100000" }),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: "One entry per invalid field, for 400 answers." }),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type ErrorDetail = NonNullable<ErrorBody["error"]["details"]>[number];

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "unprocessable"
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

/** A failure the client can act on; anything else thrown becomes a generic 500. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new ApiError(400, "invalid_request", message, details);
export const unauthorized = () =>
  new ApiError(401, "unauthorized", "a valid API token is required (Authorization: Bearer <token>)", undefined, {
    "WWW-Authenticate": 'Bearer realm="racekeys"',
  });

const STATUS_OF: Record<DomainErrorKind, [number, ErrorCode]> = {
  invalid: [400, "invalid_request"],
  forbidden: [403, "forbidden"],
  not_found: [404, "not_found"],
  conflict: [409, "conflict"],
  gone: [410, "gone"],
  unprocessable: [422, "unprocessable"],
  limited: [429, "rate_limited"],
};

/** A domain refusal as the API answers it: its status and code, the same message and details. */
export function apiErrorOf(error: DomainError): ApiError {
  const [status, code] = STATUS_OF[error.kind];
  const retryAfter = error.retryAfterSeconds;
  const headers = retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) };
  return new ApiError(status, code, error.message, error.details, headers);
}

export function errorResponse(error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details?.length) body.error.details = error.details;
  return Response.json(body, {
    status: error.status,
    headers: { "Cache-Control": "no-store", ...error.headers },
  });
}

/** zod issues as error details, with a message naming the first bad field. */
export function fromZodError(error: z.ZodError, where: string): ApiError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || where,
    message: issue.message,
  }));
  const first = details[0];
  const message = first ? `${first.path}: ${first.message}` : `invalid ${where}`;
  return badRequest(message, details);
}
