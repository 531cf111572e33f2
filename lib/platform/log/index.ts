import pino from "pino";
import { getConfig } from "@/lib/platform/config";

/**
 * Structured JSON logs (one line per event) on stdout. Keys, passcodes and tokens never appear
 * whole: `maskSecrets` cuts them to a recognisable prefix before anything is logged.
 */
export const logger = pino({
  level: getConfig().LOG_LEVEL,
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

const TOKEN = /\brk_[A-Za-z0-9_-]{4,}/g;
const KEY_PARAM = /([?&](?:key|passcode)=)([^&#]{1,64})/gi;

/** `rk_abcd…` for tokens and `6G…` for key parameters, in any text (URLs, messages). */
export function maskSecrets(text: string): string {
  return text
    .replace(TOKEN, (token) => `${token.slice(0, 7)}…`)
    .replace(KEY_PARAM, (_, name: string, value: string) => `${name}${value.slice(0, 2)}…`);
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The caller's X-Request-Id when it is sane, else a new one. */
export const requestIdOf = (req: Request): string => {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
};

export interface RequestLog {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

export function logRequest(entry: RequestLog): void {
  logger.info({ ...entry, durationMs: Math.round(entry.durationMs * 10) / 10 }, "request");
}

/**
 * What may be logged of an error. Drizzle's "Failed query" errors carry every bound parameter (keys,
 * token hashes) in their message and stack: log the database's own message and the SQL text instead.
 */
export function describeError(error: unknown): { message: string; query?: string; stack?: string } {
  if (!(error instanceof Error)) return { message: maskSecrets(String(error)) };
  const failedQuery = "query" in error && typeof error.query === "string" && "params" in error;
  const message = failedQuery && error.cause instanceof Error ? error.cause.message : error.message;
  // The stack's first line repeats the message; keep only the frames.
  const frames = error.stack
    ?.split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
  return {
    message: maskSecrets(message),
    ...(failedQuery ? { query: (error.query as string).replace(/\s+/g, " ").slice(0, 300) } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}

export function logError(error: unknown, context: Record<string, unknown> = {}): void {
  logger.error({ ...context, err: describeError(error) }, "request failed");
}
