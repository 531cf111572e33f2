import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { defaultApp, type TrackingApp } from "@/lib/domain/apps/app";
import { eventApps } from "@/lib/domain/apps/event-apps";
import { KEY_LINK_PATH } from "@/lib/domain/links";

type AssociatedApp = Pick<
  TrackingApp,
  "appleTeamId" | "iosBundleId" | "androidPackage" | "androidSha256CertFingerprints"
>;

/** Tells iOS to open key links in the apps (universal links): each app id once, the configuration's first. */
export const appleAppSiteAssociation = (apps: AssociatedApp[]) => ({
  applinks: {
    details: [
      {
        appIDs: [...new Set(apps.map((app) => `${app.appleTeamId}.${app.iosBundleId}`))],
        components: [
          { "/": `${KEY_LINK_PATH}*`, comment: "Key links: /redeem_key?key=KEY[&startNumber=..][&name=..]" },
        ],
      },
    ],
  },
});

/**
 * Tells Android to open key links in the apps (App Links): one statement per package with every
 * certificate any of its apps names, the configuration's first.
 */
export function assetLinks(apps: AssociatedApp[]) {
  const certificates = new Map<string, Set<string>>();
  for (const app of apps) {
    const known = certificates.get(app.androidPackage) ?? new Set();
    for (const fingerprint of app.androidSha256CertFingerprints) known.add(fingerprint);
    certificates.set(app.androidPackage, known);
  }
  return [...certificates].map(([packageName, fingerprints]) => ({
    relation: ["delegate_permission/common.handle_all_urls"],
    target: { namespace: "android_app", package_name: packageName, sha256_cert_fingerprints: [...fingerprints] },
  }));
}

/**
 * An association file as the platforms want it: JSON at the exact path with a 200, never a
 * redirect, listing the configuration's app and every event's own (read at most once a minute,
 * lib/domain/apps/event-apps.ts). Apple's CDN and Google's verifier cache it; an hour keeps a
 * change quick to spread. A database that cannot be read is a 503 (`withRequestLog`).
 */
export const serveAssociation = (file: (apps: AssociatedApp[]) => unknown) => async (): Promise<Response> =>
  Response.json(file([defaultApp(getConfig()), ...(await eventApps(await getDb()))]), {
    headers: { "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" },
  });
