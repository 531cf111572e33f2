import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { DomainError } from "@/lib/domain/errors";

/**
 * Which addresses a webhook may be sent to: public unicast only, unless private targets are
 * allowed (WEBHOOKS_ALLOW_PRIVATE_TARGETS). Checked when an endpoint is registered and again on
 * every connection (`guardedLookup`), so a name that later resolves to an inside address (DNS
 * rebinding) is refused at delivery time too. ipaddr.js names the ranges (RFC 6890 and friends).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  // "unicast" is what is left after loopback, private, link-local (169.254.0.0/16 holds the cloud
  // metadata address), unique-local, carrier-grade NAT, multicast, reserved and the like.
  return parsed.range() === "unicast";
}

export class TargetRefused extends Error {}

const refusedAddress = (host: string, address: string) =>
  new TargetRefused(
    `${host === address ? host : `${host} resolves to ${address}, which`} is not a public address (WEBHOOKS_ALLOW_PRIVATE_TARGETS allows it)`,
  );

/** The hostname of a URL without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * Refuses (`invalid`) a URL that is not http(s), carries credentials, or whose host is, or resolves
 * to, an address that is not public; a host that does not resolve is refused too.
 */
export async function checkWebhookTarget(raw: string, allowPrivate: boolean): Promise<void> {
  const url = new URL(raw);
  const invalid = (message: string) => new DomainError("invalid", message, { details: [{ path: "url", message }] });
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("url must be an http or https URL");
  if (url.username || url.password) throw invalid("url must not carry a user name or password");
  if (allowPrivate) return;
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolveAll(host)).map((a) => a.address);
    } catch {
      throw invalid(`url's host ${host} does not resolve`);
    }
  }
  const inside = addresses.find((address) => !isPublicAddress(address));
  if (inside !== undefined || addresses.length === 0) throw invalid(refusedAddress(host, inside ?? "nothing").message);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves as usual and fails the connection when any address is
 * not public: the address checked is the address connected to.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const inside = addresses.find((a) => !isPublicAddress(a.address));
      if (!allowPrivate && (inside || addresses.length === 0)) {
        return callback(refusedAddress(hostname, inside?.address ?? "nothing") as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** For a literal address in the URL (no lookup happens): the same rule. */
export function assertLiteralTarget(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url);
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) throw refusedAddress(host, host);
}
