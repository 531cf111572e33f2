import { z } from "zod";
import type { Db } from "@/db/client";
import type { Config } from "@/lib/platform/config";
import { htmlPageHeaders, newNonce } from "@/lib/adapters/http/security-headers";
import { keyInputSchema, MAX_KEY_INPUT } from "@/lib/domain/keys/code";
import { findCode, type FoundCode } from "@/lib/domain/keys/find-code";
import { appOfEvent, type AppConfig } from "@/lib/domain/apps/app";
import { logoOf } from "@/lib/domain/events/branding";
import { eventState } from "@/lib/domain/events/state";
import type { FoundEvent } from "@/lib/domain/keys/find-code";
import { eventLogoUrl, landingLinks } from "@/lib/domain/links";
import { participantOnRedeem } from "@/lib/domain/redeem/participant";
import { logError } from "@/lib/platform/log";
import { lookUpKey, type KeyLookupLimits } from "@/lib/domain/lookups/key-lookups";
import { classify } from "./classify";
import { chooseLanguage } from "./i18n";
import { findCodeRemembered } from "./remembered-codes";
import { renderPage, type LandingQuery, type PageBranding, type PageContent, type PageContext } from "./page";
import type { Visit } from "./visits";

export type LandingConfig = Pick<Config, "PUBLIC_URL" | "REDEEM_GRACE_DAYS"> & AppConfig;

/** Unknown keys are counted per client address, so the page cannot be used to search the key space. */
export interface AddressLookupLimit {
  /** Only the per-address limit applies: the page has no device id. */
  limits: KeyLookupLimits;
  /** The address the limiter counts by: the socket's, or X-Forwarded-For behind a trusted proxy. */
  clientAddress: (req: Request) => string;
}

export interface LandingDependencies {
  config: LandingConfig;
  database: () => Promise<Db>;
  /** Queues a visit without waiting; never called for bots or HEAD. */
  recordVisit: (visit: Visit) => void;
  /** Absent: lookups are not limited. */
  lookupLimit?: AddressLookupLimit;
  /** Found keys are answered from memory for this many milliseconds; absent: every page asks the database. */
  rememberFoundKeysMs?: number;
}

const MAX_PARTICIPANT_TEXT = 200;
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .transform((value) => value || undefined);

/** What the page reads from the query: the first of each parameter; empty counts as absent. */
const landingQuerySchema = z.object({
  key: optionalText(MAX_KEY_INPUT),
  startNumber: optionalText(MAX_PARTICIPANT_TEXT),
  name: optionalText(MAX_PARTICIPANT_TEXT),
});

const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * The landing page for GET and HEAD: looks the key up (read-only, `lookUpKey`), renders the page
 * for this visitor, and queues a visit for real page views of a known key. It never changes a key.
 */
export async function landingResponse(req: Request, deps: LandingDependencies): Promise<Response> {
  const { searchParams } = new URL(req.url);
  const visitor = classify(req.headers.get("user-agent"));
  const parsed = landingQuerySchema.safeParse({
    key: searchParams.get("key"),
    startNumber: searchParams.get("startNumber"),
    name: searchParams.get("name"),
  });
  const ctx: PageContext = {
    appName: deps.config.APP_NAME,
    appStoreId: deps.config.IOS_APP_STORE_ID,
    visitor,
    lang: chooseLanguage(searchParams.get("lang"), req.headers.get("accept-language")),
    langChosen: searchParams.has("lang"),
    nonce: newNonce(),
    query: parsed.success ? parsed.data : {},
  };
  const page = (status: number, content: PageContent, headers: Record<string, string> = {}, context = ctx) =>
    htmlResponse(req, deps.config.PUBLIC_URL, status, context, content, headers);

  if (!parsed.success) return page(400, { kind: "malformed" });
  const query: LandingQuery = parsed.data;
  if (!query.key) return page(200, { kind: "form" });
  // The text as typed stays in ctx.query: the form shows it again.
  const typed = keyInputSchema.safeParse(query.key);
  if (!typed.success) return page(400, { kind: "malformed" });
  const key = typed.data;

  const { lookupLimit } = deps;
  const limit = lookupLimit && { limits: lookupLimit.limits, client: { address: lookupLimit.clientAddress(req) } };
  const lookup = await lookUpKey(query.key, (found) => findForPage(deps, found), limit).catch(unlessUnavailable);
  if (!lookup) {
    return page(503, { kind: "unavailable" }, { "Retry-After": String(UNAVAILABLE_RETRY_SECONDS) });
  }
  if (lookup.outcome === "limited") {
    const retryAfterSeconds = Math.max(1, Math.ceil(lookup.retryAfterSeconds));
    return page(429, { kind: "limited", retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
  if (lookup.outcome === "unknown") return page(404, { kind: "unknown" });

  const { code } = lookup;
  const { event } = code;
  const state = eventState(event, new Date(), deps.config.REDEEM_GRACE_DAYS);
  // The event's own app (white label), else the configuration's: its links, name and store.
  const app = appOfEvent(event, deps.config);
  const appCtx = { ...ctx, appName: app.name, appStoreId: app.iosAppStoreId };
  // Past the grace period redeeming is gone (410): the page says so and offers nothing to open.
  const response =
    state === "ended"
      ? page(410, { kind: "ended", eventName: event.name, endedAt: event.endsAt! }, {}, appCtx)
      : page(
          200,
          {
            kind: "key",
            eventName: event.name,
            eventState: state,
            codeKind: code.kind,
            key,
            participant: participantOnRedeem(code.starter, query),
            links: landingLinks(deps.config.PUBLIC_URL, app, key, query),
            branding: brandingOf(event, deps.config.PUBLIC_URL),
          },
          {},
          appCtx,
        );
  if (req.method === "GET" && !visitor.bot) {
    deps.recordVisit({
      eventId: event.id,
      code: key,
      platform: visitor.platform,
      inApp: visitor.inApp,
      visitedAt: new Date(),
    });
  }
  return response;
}

function brandingOf(event: FoundEvent, publicUrl: string): PageBranding {
  const logo = logoOf(event);
  return {
    accentColor: event.accentColor,
    description: event.description,
    logo: logo && {
      path: eventLogoUrl("", event.id, logo.version),
      url: eventLogoUrl(publicUrl, event.id, logo.version),
      width: logo.width,
      height: logo.height,
    },
  };
}

/** The database could not be read: the page says so (503), and nothing was counted. */
class DatabaseUnavailable extends Error {}

/** The page's database read: found keys are remembered for a few seconds when configured. */
async function findForPage(deps: LandingDependencies, key: string): Promise<FoundCode | undefined> {
  try {
    const db = await deps.database();
    const { rememberFoundKeysMs } = deps;
    return rememberFoundKeysMs ? await findCodeRemembered(db, key, rememberFoundKeysMs) : await findCode(db, key);
  } catch (error) {
    logError(error, { during: "landing-page lookup" });
    throw new DatabaseUnavailable();
  }
}

function unlessUnavailable(error: unknown): undefined {
  if (error instanceof DatabaseUnavailable) return undefined;
  throw error;
}

function htmlResponse(
  req: Request,
  publicUrl: string,
  status: number,
  ctx: PageContext,
  content: PageContent,
  headers: Record<string, string>,
): Response {
  const nonce = `'nonce-${ctx.nonce}'`;
  // Encoded here: a string body would be scanned for lone surrogates and encoded again by undici.
  return new Response(req.method === "HEAD" ? null : Buffer.from(renderPage(ctx, content)), {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // Personal (key, name) and different per user agent and language: no shared caches, and any
      // cache that keeps it anyway must tell the languages and platforms apart.
      "Cache-Control": "private, no-store",
      Vary: "Accept-Language, User-Agent",
      "Content-Security-Policy":
        `default-src 'none'; script-src ${nonce}; style-src ${nonce}; img-src 'self' data:; ` +
        `base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      // Keys and names are in this page's URL: they must not reach the stores or anyone else.
      "Referrer-Policy": "no-referrer",
      ...htmlPageHeaders(publicUrl),
      ...headers,
    },
  });
}
