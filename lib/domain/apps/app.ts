import { z } from "zod";
import type { Event, TrackingApp } from "@/db/schema";
import type { Config } from "@/lib/platform/config";
import { hasControlCharacters } from "@/lib/platform/text/control-characters";

export type { TrackingApp } from "@/db/schema";

/**
 * The tracking app a key link hands over to: the configuration's (APP_NAME, IOS_APP_STORE_ID, …)
 * or an event's own (white label, `app` of PATCH /api/events/:eventId). The same seven settings,
 * checked here in the formats Apple, Google and browsers require, so a stored app always makes
 * working links and association files.
 */

/** Schemes a browser handles itself or runs as script: an app link with one would not reach an app. */
const RESERVED_SCHEMES = new Set([
  "about",
  "blob",
  "chrome",
  "content",
  "data",
  "file",
  "filesystem",
  "ftp",
  "http",
  "https",
  "intent",
  "javascript",
  "mailto",
  "sms",
  "tel",
  "vbscript",
  "ws",
  "wss",
]);

const MAX_FINGERPRINTS = 10;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Each setting's check, also used one by one by the dashboard's form. */
export const trackingAppFields = {
  name: z
    .string()
    .trim()
    .min(1, "give the app's name")
    .max(60)
    .refine((value) => !hasControlCharacters(value), "must not contain control characters")
    // Stored as JSON, which cannot hold half of a UTF-16 surrogate pair.
    .refine((value) => !LONE_SURROGATE.test(value), "must be valid Unicode text")
    .meta({ description: "Shown on the landing page: “Open in <name>”", example: "Alpine Trail App" }),
  iosAppStoreId: z
    .string()
    .trim()
    .regex(
      /^[1-9][0-9]{5,11}$/,
      "must be the app's Apple ID: the digits of its App Store address (apps.apple.com/app/id1061429592)",
    )
    .meta({ description: "The app's Apple ID: the digits of apps.apple.com/app/id…", example: "1061429592" }),
  iosBundleId: z
    .string()
    .trim()
    .max(155)
    .regex(
      /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/,
      "must be a bundle ID: dot-separated parts of letters, digits and hyphens (com.example.app)",
    )
    .meta({ example: "com.example.trail" }),
  appleTeamId: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{10}$/, "must be an Apple Team ID: 10 letters and digits (ABCDE12345)")
    .meta({ example: "ABCDE12345" }),
  androidPackage: z
    .string()
    .trim()
    .max(150)
    .regex(
      /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/,
      "must be a package name: dot-separated parts of letters, digits and _, each starting with a letter (com.example.app)",
    )
    .meta({ example: "com.example.trail" }),
  androidSha256CertFingerprints: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(
          /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/,
          "must be a SHA-256 certificate fingerprint: 32 hex pairs separated by colons (14:6D:E9:…:44:E5)",
        ),
    )
    .min(1, "give at least one SHA-256 certificate fingerprint (with Play App Signing: Google's)")
    .max(MAX_FINGERPRINTS, `give at most ${MAX_FINGERPRINTS} fingerprints`)
    .refine((list) => new Set(list).size === list.length, "lists a fingerprint twice")
    .meta({
      description: "The signing certificates Android checks in assetlinks.json (upper-case hex pairs)",
      example: ["14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"],
    }),
  urlScheme: z
    .string()
    .trim()
    .toLowerCase()
    .max(64)
    .regex(/^[a-z][a-z0-9+.-]*$/, "must be a URL scheme: a letter, then letters, digits, +, . or -")
    .refine(
      (scheme) => !RESERVED_SCHEMES.has(scheme) && !scheme.startsWith("x-safari"),
      "must be the app's own scheme, not one browsers handle (https, javascript, intent…)",
    )
    .meta({ description: "The app's custom scheme: <urlScheme>://redeem_key?key=…", example: "trailapp" }),
};

export const trackingAppSchema = z
  .strictObject(trackingAppFields)
  .meta({ id: "App", description: "A tracking app that key links hand over to" }) satisfies z.ZodType<TrackingApp>;

export type AppConfig = Pick<
  Config,
  | "APP_NAME"
  | "IOS_APP_STORE_ID"
  | "IOS_BUNDLE_ID"
  | "APPLE_TEAM_ID"
  | "ANDROID_PACKAGE"
  | "ANDROID_SHA256_CERT_FINGERPRINTS"
  | "APP_URL_SCHEME"
>;

/** The configuration's app: what every event without its own uses. */
export const defaultApp = (config: AppConfig): TrackingApp => ({
  name: config.APP_NAME,
  iosAppStoreId: config.IOS_APP_STORE_ID,
  iosBundleId: config.IOS_BUNDLE_ID,
  appleTeamId: config.APPLE_TEAM_ID,
  androidPackage: config.ANDROID_PACKAGE,
  androidSha256CertFingerprints: config.ANDROID_SHA256_CERT_FINGERPRINTS,
  urlScheme: config.APP_URL_SCHEME,
});

/** The app an event's key links hand over to: its own, else the configuration's. */
export const appOfEvent = (event: Pick<Event, "app">, config: AppConfig): TrackingApp =>
  event.app ?? defaultApp(config);
