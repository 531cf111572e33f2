import { cookies, headers } from "next/headers";
import { getConfig } from "@/lib/platform/config";
import { clientAddressOf } from "@/lib/platform/ratelimit/client-address";
import { knownBrowserCookieName } from "./cookie";
import type { AttemptOrigin } from "./signin";

/** For server actions that check a password: the request's client address and known-browser cookie. */
export async function attemptOrigin(): Promise<AttemptOrigin> {
  const config = getConfig();
  const knownBrowser = (await cookies()).get(knownBrowserCookieName(config))?.value;
  return { address: clientAddressOf(await headers(), config.TRUST_PROXY), knownBrowser };
}
