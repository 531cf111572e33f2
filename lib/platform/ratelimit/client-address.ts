import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { getConfig } from "@/lib/platform/config";

/**
 * The TCP peer address of the request, stamped on by the server process itself. Next.js gives route
 * handlers no socket, and the X-Forwarded-For it adds (`??=`) keeps whatever the client sent, so it
 * cannot tell the peer. Node publishes every incoming request on the `http.server.request.start`
 * diagnostics channel before any listener runs; the subscriber overwrites this header there, so a
 * client cannot supply it.
 */
export const SOCKET_ADDRESS_HEADER = "x-racekeys-socket-address";

const globalStore = globalThis as typeof globalThis & { __racekeysSocketAddressHeader?: true };

/** Called once per server process at start (instrumentation); later calls do nothing. */
export function installSocketAddressHeader(): void {
  if (globalStore.__racekeysSocketAddressHeader) return;
  globalStore.__racekeysSocketAddressHeader = true;
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  });
}

/** Requests whose address is not known share this one bucket. */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client address to count a request by: the socket peer, or with `trustProxy` the right-most
 * X-Forwarded-For entry (the one our proxy appended; entries left of it are client-supplied). IPv6
 * addresses count by their /64 prefix, the smallest block a subscriber is usually given.
 */
export function clientAddressOf(headers: Headers, trustProxy: boolean): string {
  const forwarded = trustProxy ? headers.get("x-forwarded-for")?.split(",").at(-1) : undefined;
  return addressBucket(forwarded ?? headers.get(SOCKET_ADDRESS_HEADER) ?? "");
}

/** `clientAddressOf` with the configured TRUST_PROXY. */
export const clientAddress = (req: Request): string => clientAddressOf(req.headers, getConfig().TRUST_PROXY);

/** 1.2.3.4 and ::ffff:1.2.3.4 → "1.2.3.4"; 2001:db8:1:2:3:4:5:6 → "2001:db8:1:2::/64"; anything else → "unknown". */
export function addressBucket(raw: string): string {
  const address = raw
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return UNKNOWN_ADDRESS;
  const prefix = expandIpv6(address)
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""));
  return `${prefix.join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, as hex strings. */
function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("::");
  const groups = (part: string) => (part ? part.split(":").flatMap(ipv4AsGroups) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...zeros, ...right];
}

/** An embedded dotted quad (::1.2.3.4) is the last two groups. */
function ipv4AsGroups(group: string): string[] {
  if (!group.includes(".")) return [group];
  const [a, b, c, d] = group.split(".").map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
