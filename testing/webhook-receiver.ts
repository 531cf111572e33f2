import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  id: string;
  type: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  headers: IncomingHttpHeaders;
  /** Whether `standardwebhooks`' Webhook#verify accepted the signature with the secret in use. */
  verified: boolean;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The secret signatures are verified with (set it after creating or rotating the endpoint). */
  secret: string | undefined;
  /** The status to answer with (default 200), or "hang": never answer. */
  answer: number | "hang";
  /** Requests seen while another of the same webhook-id was still open. */
  overlaps: number;
  /** Resolves when `count` distinct webhook-ids arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Distinct webhook-ids received. */
  ids(): Set<string>;
  close(): Promise<void>;
  /** Listens again on the same port after `close`. */
  reopen(): Promise<void>;
}

/**
 * A real HTTP receiver of webhooks on 127.0.0.1 that verifies every signature with the
 * `standardwebhooks` package, as a registration platform would.
 */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const open = new Map<string, number>();
  let server: Server;
  const receiver: WebhookReceiver = {
    url: "",
    port: 0,
    received: [],
    secret: undefined,
    answer: 200,
    overlaps: 0,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.ids().size < count) {
        if (Date.now() > deadline) throw new Error(`received ${receiver.ids().size} of ${count} webhooks`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    ids: () => new Set(receiver.received.map((r) => r.id)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    reopen: () => listen(receiver.port),
  };
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          const id = String(request.headers["webhook-id"]);
          if ((open.get(id) ?? 0) > 0) receiver.overlaps++;
          open.set(id, (open.get(id) ?? 0) + 1);
          let verified = false;
          try {
            new Webhook(receiver.secret ?? "").verify(body, request.headers as Record<string, string>);
            verified = true;
          } catch {
            verified = false;
          }
          const payload = JSON.parse(body) as ReceivedWebhook["payload"];
          receiver.received.push({
            id,
            type: payload.type,
            payload,
            headers: request.headers,
            verified,
            receivedAt: Date.now(),
          });
          const done = () => open.set(id, open.get(id)! - 1);
          if (receiver.answer === "hang") {
            request.socket.on("close", done);
            return;
          }
          response.writeHead(receiver.answer, { "content-type": "text/plain" });
          response.end("ok", done);
        });
      });
      server.once("error", reject);
      server.listen(onPort, "127.0.0.1", () => {
        receiver.port = (server.address() as AddressInfo).port;
        receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
        resolve();
      });
    });
  await listen(port);
  return receiver;
}
