"use client";

import type { TrackingApp } from "@/db/schema";
import { ActionForm, SubmitButton, TextField, type FormAction } from "../../_ui/form";

/**
 * The event's own app (white label): key links of the event hand over to it instead of the
 * default app. The same settings as the server's APP_NAME, IOS_APP_STORE_ID, … (README.md).
 */
export function EventAppForm({
  action,
  reset,
  app,
}: {
  action: FormAction;
  /** Absent while the event uses the default app. */
  reset?: FormAction;
  app: TrackingApp | null;
}) {
  return (
    <>
      <ActionForm action={action} aria-label="Own app">
        <TextField
          name="name"
          label="App name"
          defaultValue={app?.name}
          required
          maxLength={60}
          hint="Shown as “Open in …”."
        />
        <div className="grid-2">
          <TextField
            name="iosAppStoreId"
            label="App Store ID"
            defaultValue={app?.iosAppStoreId}
            required
            inputMode="numeric"
            hint="The digits of apps.apple.com/app/id…"
          />
          <TextField
            name="urlScheme"
            label="URL scheme"
            defaultValue={app?.urlScheme}
            required
            maxLength={64}
            hint="The app's own scheme, without ://"
          />
          <TextField
            name="iosBundleId"
            label="iOS bundle ID"
            defaultValue={app?.iosBundleId}
            required
            maxLength={155}
            hint="For example com.example.app"
          />
          <TextField
            name="appleTeamId"
            label="Apple Team ID"
            defaultValue={app?.appleTeamId}
            required
            maxLength={10}
            hint="10 letters and digits"
          />
          <TextField
            name="androidPackage"
            label="Android package"
            defaultValue={app?.androidPackage}
            required
            maxLength={150}
            hint="For example com.example.app"
          />
        </div>
        <TextField
          name="androidSha256CertFingerprints"
          label="Android SHA-256 certificate fingerprints"
          defaultValue={app?.androidSha256CertFingerprints.join(", ")}
          required
          hint="With Play App Signing, Google's; separate several with commas."
        />
        <SubmitButton pending="Saving…">Save app</SubmitButton>
      </ActionForm>
      {reset && (
        <ActionForm action={reset} aria-label="Default app">
          <SubmitButton className="secondary" pending="Switching…">
            Use the default app
          </SubmitButton>
        </ActionForm>
      )}
    </>
  );
}
