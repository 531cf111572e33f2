import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { dashboardPageHeaders, newNonce } from "@/lib/http/security-headers";

/**
 * Security headers of the dashboard and sign-in, with a new CSP nonce per request. Next.js reads
 * the nonce from the request's CSP header and puts it on its own scripts. Headers only: every page,
 * action and route checks the session itself, so nothing here decides access.
 */
export function proxy(request: NextRequest): NextResponse {
  const config = getConfig();
  const headers = dashboardPageHeaders(newNonce(), { publicUrl: config.PUBLIC_URL, development: config.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = { matcher: ["/dashboard/:path*", "/signin"] };
