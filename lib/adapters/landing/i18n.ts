export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/** Headers longer than any real browser's are read only this far. */
const MAX_ACCEPT_LANGUAGE_ENTRIES = 32;

/**
 * The page language: an explicit `lang` choice (the visible switch) wins, else the best-weighted
 * supported language of Accept-Language, else English.
 */
export function chooseLanguage(explicit: string | null, acceptLanguage: string | null): Language {
  if (explicit && isLanguage(explicit)) return explicit;
  let best: Language = "en";
  let bestWeight = 0;
  for (const entry of (acceptLanguage ?? "").split(",").slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES)) {
    const [tag = "", ...params] = entry.trim().split(";");
    const primary = tag.trim().toLowerCase().split("-")[0] ?? "";
    const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (isLanguage(primary) && weight > bestWeight) {
      best = primary;
      bestWeight = weight;
    }
  }
  return best;
}

export interface Messages {
  languageName: string;
  switchLabel: string;
  joinTitle: (event: string) => string;
  joinLead: (app: string) => string;
  description: (app: string) => string;
  startNumber: string;
  name: string;
  yourKey: string;
  eventPasscode: string;
  typeKeyHint: (app: string) => string;
  copyKey: string;
  copyPasscode: string;
  copied: string;
  openInApp: (app: string) => string;
  getOnAppStore: string;
  getOnPlay: string;
  downloadOn: string;
  getItOn: string;
  clipboardNote: string;
  autoStoreNote: string;
  inAppHint: (app: string) => string;
  openInSafari: string;
  /** Android in-app browsers: the key link in the phone's own browser. */
  openInBrowser: string;
  continueOnPhone: string;
  scanWithCamera: string;
  qrLabel: string;
  installFirst: (app: string) => string;
  formTitle: string;
  formLead: (app: string) => string;
  keyLabel: string;
  keyHelp: string;
  submit: string;
  unknownTitle: string;
  unknownLead: string;
  malformedTitle: string;
  malformedLead: string;
  limitedTitle: string;
  limitedLead: (minutes: number) => string;
  unavailableTitle: string;
  unavailableLead: string;
  reload: string;
  endedTitle: (event: string) => string;
  /** `date`: the event's end, formatted for the page's language. */
  endedLead: (date: string, app: string) => string;
}

const en: Messages = {
  languageName: "English",
  switchLabel: "Language",
  joinTitle: (event) => `Join ${event} live tracking`,
  joinLead: (app) => `Connect ${app} to this event and you appear on the live tracking map.`,
  description: (app) => `Open this link on your phone to connect ${app} for live tracking.`,
  startNumber: "Start number",
  name: "Name",
  yourKey: "Your key",
  eventPasscode: "Event passcode",
  typeKeyHint: (app) => `You can also type it into ${app}.`,
  copyKey: "Copy key",
  copyPasscode: "Copy passcode",
  copied: "Copied",
  openInApp: (app) => `Open in ${app}`,
  getOnAppStore: "Get it on the App Store",
  getOnPlay: "Get it on Google Play",
  downloadOn: "Download on the",
  getItOn: "Get it on",
  clipboardNote: "A tap copies your key link, so the app picks it up after installing.",
  autoStoreNote: "Without a tap, the App Store opens in a few seconds.",
  inAppHint: (app) =>
    `This page is open inside another app, which cannot hand you over to ${app}. Tap the menu (··· or the share icon) and choose “Open in browser”.`,
  openInSafari: "Open in Safari",
  openInBrowser: "Open in your browser",
  continueOnPhone: "Continue on your phone",
  scanWithCamera: "Scan with your phone’s camera",
  qrLabel: "QR code of your key link",
  installFirst: (app) => `No ${app} yet? Install it first:`,
  formTitle: "Enter your key",
  formLead: (app) => `Type the key from your registration email or race kit to connect ${app}.`,
  keyLabel: "Key",
  keyHelp: "Six letters or digits, for example 6G615L",
  submit: "Continue",
  unknownTitle: "We don’t know this key",
  unknownLead: "Check the key in your registration email or race kit and type it again.",
  malformedTitle: "This is not a key",
  malformedLead: "A key has six letters or digits. Check the link or type the key.",
  limitedTitle: "Too many attempts",
  limitedLead: (minutes) => `Too many unknown keys from your network. Try again in ${minutes} min.`,
  unavailableTitle: "Please try again",
  unavailableLead: "We could not check your key just now. Your link is fine: reload this page in a few seconds.",
  reload: "Reload",
  endedTitle: (event) => `${event} has ended`,
  endedLead: (date, app) =>
    `This event ended on ${date}. Its live tracking is over: its keys no longer connect ${app}.`,
};

const de: Messages = {
  languageName: "Deutsch",
  switchLabel: "Sprache",
  joinTitle: (event) => `Beim Live-Tracking von ${event} dabei sein`,
  joinLead: (app) => `Verbinde die ${app} mit dieser Veranstaltung, dann erscheinst du auf der Live-Tracking-Karte.`,
  description: (app) => `Öffne diesen Link auf deinem Handy, um die ${app} für das Live-Tracking zu verbinden.`,
  startNumber: "Startnummer",
  name: "Name",
  yourKey: "Dein Schlüssel",
  eventPasscode: "Passcode der Veranstaltung",
  typeKeyHint: (app) => `Du kannst ihn auch in der ${app} eintippen.`,
  copyKey: "Schlüssel kopieren",
  copyPasscode: "Passcode kopieren",
  copied: "Kopiert",
  openInApp: (app) => `In der ${app} öffnen`,
  getOnAppStore: "Im App Store laden",
  getOnPlay: "Bei Google Play herunterladen",
  downloadOn: "Laden im",
  getItOn: "Jetzt bei",
  clipboardNote: "Beim Tippen kopieren wir deinen Schlüssel-Link, damit die App ihn nach der Installation übernimmt.",
  autoStoreNote: "Ohne Tippen öffnet sich in wenigen Sekunden der App Store.",
  inAppHint: (app) =>
    `Diese Seite ist in einer anderen App geöffnet, die nicht zur ${app} weiterleiten kann. Tippe auf das Menü (··· oder Teilen) und wähle „Im Browser öffnen“.`,
  openInSafari: "In Safari öffnen",
  openInBrowser: "Im Browser öffnen",
  continueOnPhone: "Weiter auf deinem Handy",
  scanWithCamera: "Mit der Kamera deines Handys scannen",
  qrLabel: "QR-Code deines Schlüssel-Links",
  installFirst: (app) => `Noch keine ${app}? Zuerst installieren:`,
  formTitle: "Schlüssel eingeben",
  formLead: (app) =>
    `Gib den Schlüssel aus deiner Anmelde-E-Mail oder deinen Startunterlagen ein, um die ${app} zu verbinden.`,
  keyLabel: "Schlüssel",
  keyHelp: "Sechs Buchstaben oder Ziffern, zum Beispiel 6G615L",
  submit: "Weiter",
  unknownTitle: "Diesen Schlüssel kennen wir nicht",
  unknownLead: "Prüfe den Schlüssel in deiner Anmelde-E-Mail oder deinen Startunterlagen und gib ihn erneut ein.",
  malformedTitle: "Das ist kein Schlüssel",
  malformedLead: "Ein Schlüssel hat sechs Buchstaben oder Ziffern. Prüfe den Link oder gib den Schlüssel ein.",
  limitedTitle: "Zu viele Versuche",
  limitedLead: (minutes) => `Zu viele unbekannte Schlüssel aus deinem Netz. Versuche es in ${minutes} Min. erneut.`,
  unavailableTitle: "Bitte versuche es erneut",
  unavailableLead:
    "Wir konnten deinen Schlüssel gerade nicht prüfen. Dein Link ist in Ordnung: Lade die Seite in ein paar Sekunden neu.",
  reload: "Neu laden",
  endedTitle: (event) => `${event} ist vorbei`,
  endedLead: (date, app) =>
    `Diese Veranstaltung endete am ${date}. Das Live-Tracking ist vorbei: Ihre Schlüssel verbinden die ${app} nicht mehr.`,
};

export const MESSAGES: Record<Language, Messages> = { en, de };
