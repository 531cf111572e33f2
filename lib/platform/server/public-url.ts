import { getConfig, type Config } from "@/lib/platform/config";
import { logger } from "@/lib/platform/log";

/** A request sent to another host than PUBLIC_URL's: the links and QR codes it gets point elsewhere. */
export interface ForeignHost {
  /** PUBLIC_URL: where key links, QR codes, labels and exports point. */
  publicUrl: string;
  /** The origin the request was sent to. */
  requested: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };
/** A host name has at most 253 characters; a Host header may be anything a client sends. */
const MAX_HOST_LENGTH = 260;

/** `host[:port]` in lower case, without the protocol's default port. */
function canonicalHost(host: string, protocol: string): string {
  const lower = host.trim().toLowerCase().slice(0, MAX_HOST_LENGTH);
  const defaultPort = DEFAULT_PORTS[protocol];
  return defaultPort && lower.endsWith(`:${defaultPort}`) ? lower.slice(0, -defaultPort.length - 1) : lower;
}

const publicHosts = new Map<string, string>();
const publicHostOf = (publicUrl: string): string => {
  let host = publicHosts.get(publicUrl);
  if (host === undefined) publicHosts.set(publicUrl, (host = new URL(publicUrl).host));
  return host;
};

/** The first entry of a comma-separated forwarding header: what the client-facing server received. */
const firstEntry = (value: string | null) => value?.split(",")[0]?.trim() || undefined;

/**
 * Whether a request was sent to another host than PUBLIC_URL's. The host is the one Next.js takes
 * a request's to be (it checks server actions' Origin against it): X-Forwarded-Host, which it fills
 * in from Host unless a proxy did, and which it keeps when it renders a server action's redirect
 * through a request of its own to localhost. Hosts only: a proxy that terminates TLS forwards https
 * requests as http. Clients can send any Host: this only informs, it decides nothing.
 */
export function foreignHostOf(
  headers: Pick<Headers, "get">,
  config: Pick<Config, "PUBLIC_URL">,
): ForeignHost | undefined {
  const host = firstEntry(headers.get("x-forwarded-host")) ?? headers.get("host");
  if (!host) return undefined;
  const protocol = firstEntry(headers.get("x-forwarded-proto")) ?? "http";
  const requested = canonicalHost(host, protocol);
  if (requested === publicHostOf(config.PUBLIC_URL)) return undefined;
  return { publicUrl: config.PUBLIC_URL, requested: `${protocol}://${requested}` };
}

// Next.js bundles route handlers and pages separately: a module variable would exist once per bundle.
const processState = globalThis as typeof globalThis & { __racekeysForeignHostWarned?: true };

/**
 * `foreignHostOf` with the process's configuration. The first foreign host a process sees is logged
 * as one warning (not one per request): links handed out there would lead elsewhere.
 */
export function noticeForeignHost(headers: Pick<Headers, "get">): ForeignHost | undefined {
  const foreign = foreignHostOf(headers, getConfig());
  if (foreign && !processState.__racekeysForeignHostWarned) {
    processState.__racekeysForeignHostWarned = true;
    logger.warn(
      foreign,
      `requests arrive for ${foreign.requested}, but key links and QR codes point to ${foreign.publicUrl}: ` +
        "set PUBLIC_URL to the address participants use",
    );
  }
  return foreign;
}
