/** Errors go to stderr as one JSON line; never log keys or tokens whole. */
export function logError(error: unknown, context: Record<string, unknown> = {}): void {
  const detail = error instanceof Error ? { message: error.message, stack: error.stack } : { error: String(error) };
  process.stderr.write(`${JSON.stringify({ level: "error", time: new Date().toISOString(), ...context, ...detail })}\n`);
}
