import http from "node:http";

export interface PlainResponse {
  /** 0 when the connection failed (refused or reset by an overloaded server). */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP client whose connections leave from one local address. */
export interface AddressedClient {
  address: string;
  request(
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<PlainResponse>;
  close(): void;
}

/**
 * Requests from `localAddress`, so a server without a proxy (TRUST_PROXY=false) counts them under
 * that address: on Linux all of 127.0.0.0/8 is loopback, so 127.0.0.2, 127.0.0.3, … stand for
 * clients on different networks. fetch cannot choose its local address without undici's Agent,
 * which is not a dependency; node:http can.
 */
export function clientFrom(localAddress: string): AddressedClient {
  // A connection per request: a kept-alive socket can be closed by the server's keep-alive timeout
  // just as a request goes out on it (ECONNRESET).
  const agent = new http.Agent({ keepAlive: false, localAddress });
  return {
    address: localAddress,
    request(url, init = {}) {
      return new Promise((resolve) => {
        const request = http.request(
          url,
          { method: init.method ?? "GET", headers: init.headers, agent },
          (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (body += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
            response.on("error", (error) => resolve({ status: 0, headers: {}, body: String(error) }));
          },
        );
        // A failed connection is an answer too (status 0), so one reset does not abort a whole run.
        request.on("error", (error) => resolve({ status: 0, headers: {}, body: String(error) }));
        request.end(init.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** A loopback address of its own (127.x.y.z, never 127.0.0.1), for counters no other run shares. */
export function uniqueLoopbackAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  return `127.${octet()}.${octet()}.${octet()}`;
}
