import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { assertLiteralTarget, guardedLookup } from "./targets";

/** What one attempt ended with: an HTTP status, or an error before any (refused, timed out, reset). */
export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

/** Response bytes read at most (the status is what counts; the rest is drained and dropped). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * The Standard Webhooks headers of a message: `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` with the secret), by the
 * `standardwebhooks` package, so receivers verify with the same library.
 */
export function signedHeaders(secret: string, messageId: string, body: string, now = new Date()) {
  const signature = new Webhook(secret).sign(messageId, now, body);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/**
 * One POST of a signed message. No redirects are followed (a 3xx is a failure), the whole attempt
 * is cut after `timeoutMs`, at most MAX_RESPONSE_BYTES of the answer are read, and every address
 * connected to passes the target check (also for a name that resolves differently than at
 * registration). 2xx is success.
 */
export function sendMessage(
  target: { url: string; secret: string },
  message: { id: string; body: string },
  options: SendOptions,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: string, statusCode: number | null = null) => finish({ ok: false, statusCode, error });
    let url: URL;
    try {
      url = new URL(target.url);
      assertLiteralTarget(url, options.allowPrivateTargets);
    } catch (error) {
      return resolve({ ok: false, statusCode: null, error: (error as Error).message });
    }
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const body = Buffer.from(message.body);
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        agent: agents[url.protocol as "http:" | "https:"],
        lookup: guardedLookup(options.allowPrivateTargets) as never,
        headers: {
          "content-type": "application/json",
          "content-length": String(body.length),
          "user-agent": "Racekeys-Webhooks/1",
          ...signedHeaders(target.secret, message.id, message.body),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        const done = () => {
          if (status >= 200 && status < 300) finish({ ok: true, statusCode: status, error: null });
          else if (status >= 300 && status < 400) fail(`answered ${status}: redirects are not followed`, status);
          else fail(`answered ${status}`, status);
        };
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) {
            done();
            response.destroy();
          }
        });
        response.on("end", done);
        response.on("error", (error) => fail(error.message, status));
        response.on("close", done);
      },
    );
    request.on("error", (error) => fail(error.message));
    request.end(body);
  });
}
