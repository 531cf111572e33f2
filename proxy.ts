import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/platform/config";
import { MAX_ACTION_BODY_BYTES, refuseUnboundedBody } from "@/lib/adapters/http/body";
import { errorResponse } from "@/lib/adapters/http/errors";
import { dashboardPageHeaders, newNonce } from "@/lib/adapters/http/security-headers";

/**
 * Security headers of the dashboard and sign-in, with a new CSP nonce per request. Next.js reads
 * the nonce from the request's CSP header and puts it on its own scripts. Headers only: every page,
 * action and route checks the session itself, so nothing here decides access.
 */
export function proxy(request: NextRequest): Response {
  // Next.js copies the body of every request it hands to the proxy (keeping at most
  // proxyClientMaxBodySize) and drains it before answering, however long it is: a server action
  // post (sign-in too) must say up front that it fits the actions' limit.
  const refused = request.method === "POST" ? refuseUnboundedBody(request, MAX_ACTION_BODY_BYTES) : undefined;
  if (refused) return errorResponse(refused);
  const config = getConfig();
  const headers = dashboardPageHeaders(newNonce(), {
    publicUrl: config.PUBLIC_URL,
    development: config.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// The participant upload (up to 16 MiB, streamed by its route) is no page: it stays out of the
// proxy, whose copy of the body would cut it at proxyClientMaxBodySize.
export const config = {
  matcher: ["/dashboard", "/dashboard/((?!events/[^/]+/participants/upload$).*)", "/signin", "/invite/:token"],
};
