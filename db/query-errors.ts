import { DrizzleQueryError } from "drizzle-orm";
import { PgPreparedQuery } from "drizzle-orm/pg-core";

/**
 * Failed queries without their parameters. Drizzle's DrizzleQueryError puts every bound value
 * (event ids, search terms, names, token hashes) into its message, stack and `params`; PGlite adds
 * them to its error as `params`; PostgreSQL's DETAIL ("Key (slug)=(city-run) already exists") and
 * WHERE ("unnamed portal parameter $1 = '…'") quote them. Next.js logs the errors of pages and
 * server actions whole (message, stack, every field and the cause), so the values are removed where
 * the error is made, before anything can log it: the SQL text and the database's message stay.
 */

/** Fields of driver errors that carry bound values. */
const VALUE_FIELDS = ["params", "parameters", "args", "queryOptions", "detail", "where"];

const frames = (stack: string | undefined) => (stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));

/** PostgreSQL quotes a value it cannot take in its message (`invalid input syntax for type uuid: "…"`). */
function redactValues(message: string, params: unknown[]): string {
  let text = message;
  for (const param of params) {
    if (typeof param !== "string" || !param) continue;
    for (const quote of ['"', "'"]) text = text.replaceAll(`${quote}${param}${quote}`, `${quote}…${quote}`);
  }
  return text;
}

export function withoutQueryParameters(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;
  const params = error.params;
  error.params = [];
  error.message = `Failed query: ${error.query}`;
  error.stack = [`${error.name}: ${error.message}`, ...frames(error.stack)].join("\n");
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    // postgres.js defines some of these non-enumerable and not configurable: deleting fails quietly.
    for (const field of VALUE_FIELDS) Reflect.deleteProperty(cause, field);
    const message = redactValues(cause.message, params);
    if (message !== cause.message) {
      cause.message = message;
      cause.stack = [`${cause.name}: ${message}`, ...frames(cause.stack)].join("\n");
    }
  }
  return error;
}

type QueryWithCache = (
  this: unknown,
  queryString: string,
  params: unknown[],
  query: () => Promise<unknown>,
) => Promise<unknown>;
// queryWithCache is drizzle's one place (marked internal) where every pg driver's failed query
// becomes a DrizzleQueryError; db/query-errors.test.ts fails if a drizzle update moves it.
const prototype = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache & { scrubbed?: true } };
if (!prototype.queryWithCache.scrubbed) {
  const original = prototype.queryWithCache;
  const scrubbed: QueryWithCache & { scrubbed?: true } = async function (this: unknown, ...args) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      throw withoutQueryParameters(error);
    }
  };
  scrubbed.scrubbed = true;
  prototype.queryWithCache = scrubbed;
}
