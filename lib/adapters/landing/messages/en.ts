/**
 * The landing page's messages in English: the reference every other language translates, key for
 * key. `{name}` is a placeholder the page fills in (the app's or event's name as configured, a
 * duration already worded for the language); translations keep each placeholder exactly once.
 */
export const en = {
  languageName: "English",
  switchLabel: "Language",
  joinTitle: "Join {event} live tracking",
  joinLead: "Connect {app} to this event and you appear on the live tracking map.",
  description: "Open this link on your phone to connect {app} for live tracking.",
  startNumber: "Start number",
  name: "Name",
  yourKey: "Your key",
  eventPasscode: "Event passcode",
  typeKeyHint: "You can also type it into {app}.",
  copyKey: "Copy key",
  copied: "Copied",
  openInApp: "Open in {app}",
  getOnAppStore: "Get it on the App Store",
  getOnPlay: "Get it on Google Play",
  downloadOn: "Download on the",
  getItOn: "Get it on",
  clipboardNote: "A tap copies your key link, so the app picks it up after installing.",
  autoStoreNote: "Without a tap, the App Store opens in a few seconds.",
  inAppHint:
    "This page is open inside another app, which cannot hand you over to {app}. Tap the menu (··· or the share icon) and choose “Open in browser”.",
  openInSafari: "Open in Safari",
  continueOnPhone: "Continue on your phone",
  scanWithCamera: "Scan with your phone’s camera",
  qrLabel: "QR code of your key link",
  installFirst: "No {app} yet? Install it first:",
  formTitle: "Enter your key",
  formLead: "Type the key from your registration email or race kit to connect {app}.",
  keyLabel: "Key",
  keyHelp: "Six letters or digits, for example 6G615L",
  submit: "Continue",
  unknownTitle: "We don’t know this key",
  unknownLead: "Check the key in your registration email or race kit and type it again.",
  malformedTitle: "This is not a key",
  malformedLead: "A key has six letters or digits. Check the link or type the key.",
  limitedTitle: "Too many attempts",
  limitedLead: "Too many unknown keys from your network. Try again {wait}.",
  unavailableTitle: "Please try again",
  unavailableLead: "We could not check your key just now. Your link is fine: reload this page in a few seconds.",
  reload: "Reload",
  copyPasscode: "Copy passcode",
  openInBrowser: "Open in your browser",
  endedTitle: "{event} has ended",
  endedLead: "This event ended on {date}. Its live tracking is over: its keys no longer connect {app}.",
  uploadTitle: "Upload your activity to {event}",
  uploadLead:
    "Upload the file your watch or app recorded (FIT, GPX or TCX, also gzipped, up to 25 MB). It joins the event's results and map.",
  uploadFileLabel: "Activity file",
  uploadButton: "Upload",
  uploadedHeading: "Your activities",
  activityStart: "Start",
  activityDuration: "Duration",
  activityDistance: "Distance",
  activityInside: "Inside the event's time",
  activityOutside: "Outside the event's time",
  deleteActivity: "Delete",
  uploadDone: "Your activity was uploaded.",
  uploadRepeat: "You uploaded this file before: here it is.",
  uploadDeleted: "The activity was deleted.",
  passcodeUploadTitle: "A personal key is needed",
  passcodeUploadLead:
    "An event passcode cannot upload activities. Use the personal key from your registration email or race kit.",
  uploadProblemTitle: "This file could not be used",
  uploadEndedLead: "This event ended on {date}. Uploads are closed.",
  uploadFormLead: "Type your personal key to upload an activity.",
  uploadNone: "No activity uploaded yet.",
} as const;

export type MessageKey = keyof typeof en;

/** One language's messages: every key of the English reference, as text with the same placeholders. */
export type Messages = { readonly [K in MessageKey]: string };

type PlaceholdersIn<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersIn<Rest>
  : never;

/** What a message's placeholders are filled with, named as in the English text. */
export type MessageValues<K extends MessageKey> = Record<PlaceholdersIn<(typeof en)[K]>, string>;
