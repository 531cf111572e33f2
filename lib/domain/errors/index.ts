/**
 * What a use case refuses, in words for whoever asked. Domain code throws these and knows neither
 * HTTP nor HTML; each adapter maps the kind to its own answer: the API to a status and error code
 * (lib/adapters/http/errors.ts), the dashboard to form state or its 404 page.
 */
export type DomainErrorKind =
  /** The input breaks a rule the schema could not check (dates out of order). */
  | "invalid"
  /** Missing, or not the principal's: the two look the same, to reveal nothing. */
  | "not_found"
  /** The principal sees the resource but may not do this with it. */
  | "forbidden"
  /** Clashes with the current state (a taken slug, a key bound to another phone). */
  | "conflict"
  /** Contradicts an earlier request (an Idempotency-Key reused with other parameters). */
  | "unprocessable"
  /** No longer possible (an event that ended too long ago). */
  | "gone"
  /** Refused for a while; `retryAfterSeconds` says how long. */
  | "limited";

/** One problem of one input field, e.g. `{ path: "startNumber", message: "already given to key K84N2S" }`. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly details?: FieldProblem[];
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options: { details?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** "event not found": the one answer for a missing resource and for another organiser's. */
export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);

export const isNotFound = (error: unknown): error is DomainError =>
  error instanceof DomainError && error.kind === "not_found";
