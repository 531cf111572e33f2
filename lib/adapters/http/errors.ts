import { z } from "zod";

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
export const notFound = (what = "resource") => new ApiError(404, "not_found", `${what} not found`);
export const unauthorized = () =>
  new ApiError(401, "unauthorized", "a valid API token is required (Authorization: Bearer <token>)", undefined, {
    "WWW-Authenticate": 'Bearer realm="racekeys"',
  });

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
