import type { Config } from "@/lib/platform/config";
import { KEY_LINK_PATH } from "@/lib/domain/links";

export type AssociationConfig = Pick<
  Config,
  "APPLE_TEAM_ID" | "IOS_BUNDLE_ID" | "ANDROID_PACKAGE" | "ANDROID_SHA256_CERT_FINGERPRINTS"
>;

/** Tells iOS to open key links in the app (universal links). */
export const appleAppSiteAssociation = (config: AssociationConfig) => ({
  applinks: {
    details: [
      {
        appIDs: [`${config.APPLE_TEAM_ID}.${config.IOS_BUNDLE_ID}`],
        components: [
          { "/": `${KEY_LINK_PATH}*`, comment: "Key links: /redeem_key?key=KEY[&startNumber=..][&name=..]" },
        ],
      },
    ],
  },
});

/** Tells Android to open key links in the app (App Links), for the app signed with these certificates. */
export const assetLinks = (config: AssociationConfig) => [
  {
    relation: ["delegate_permission/common.handle_all_urls"],
    target: {
      namespace: "android_app",
      package_name: config.ANDROID_PACKAGE,
      sha256_cert_fingerprints: config.ANDROID_SHA256_CERT_FINGERPRINTS,
    },
  },
];

/**
 * The files as the platforms want them: JSON at the exact path with a 200, never a redirect.
 * Apple's CDN and Google's verifier cache them; an hour keeps a configuration change quick to spread.
 */
export const associationResponse = (body: unknown): Response =>
  Response.json(body, {
    headers: { "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" },
  });
