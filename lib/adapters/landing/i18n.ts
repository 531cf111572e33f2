import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { BoundedMap } from "@/lib/platform/cache/bounded-map";
import { ar } from "./messages/ar";
import { cs } from "./messages/cs";
import { da } from "./messages/da";
import { de } from "./messages/de";
import { en, type MessageKey, type Messages, type MessageValues } from "./messages/en";
import { es } from "./messages/es";
import { fr } from "./messages/fr";
import { it } from "./messages/it";
import { nl } from "./messages/nl";
import { pl } from "./messages/pl";
import { pt } from "./messages/pt";
import { sv } from "./messages/sv";

export type { Messages } from "./messages/en";

/** The landing page's languages, in the order of its language menu. */
export const LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "cs", "sv", "da", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];

export const MESSAGES: Readonly<Record<Language, Messages>> = { en, de, fr, es, it, nl, pt, pl, cs, sv, da, ar };

const DEFAULT_LANGUAGE: Language = "en";
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(["ar"]);

/** The `dir` of a page in this language. */
export const textDirection = (lang: Language): "ltr" | "rtl" => (RIGHT_TO_LEFT.has(lang) ? "rtl" : "ltr");

/** Accept-Language is read this far: real browsers send a few dozen characters, rarely a few hundred. */
const MAX_ACCEPT_LANGUAGE_CHARS = 1024;
/** Language tags are short ("de", "pt-BR", "sr-Latn-RS"); a longer `lang=` is no language we have. */
const MAX_TAG_CHARS = 64;
/** The matcher compares each tag with every language: a header's first tags are its preferences. */
const MAX_REQUESTED_TAGS = 16;
/** Matching costs more than the rest of a page, and browsers send few distinct headers: answers are kept. */
const chosen = new BoundedMap<string, Language>(1000);

/**
 * The page language: the `lang` parameter (the language menu) when it names a language we have, else
 * the visitor's best-ranked language of Accept-Language that we have, else English. `pt-BR` is
 * Portuguese and `de-CH` German; a near language may stand in (Norwegian reads the Danish page), as
 * the CLDR's language distances of the matcher's "best fit" say.
 */
export function chooseLanguage(explicit: string | null, acceptLanguage: string | null): Language {
  const tag = (explicit ?? "").slice(0, MAX_TAG_CHARS);
  const header = (acceptLanguage ?? "").slice(0, MAX_ACCEPT_LANGUAGE_CHARS);
  const id = `${tag}\n${header}`;
  let lang = chosen.get(id);
  if (!lang) chosen.set(id, (lang = matchLanguage(tag, header)));
  return lang;
}

function matchLanguage(tag: string, acceptLanguage: string): Language {
  const accepted = acceptLanguage ? new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages() : [];
  const requested = (tag ? [tag, ...accepted] : accepted).slice(0, MAX_REQUESTED_TAGS).filter(isWellFormedTag);
  return match(requested, LANGUAGES, DEFAULT_LANGUAGE) as Language;
}

function isWellFormedTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false; // "*", "x-", a cut-off tag: nothing to match
  }
}

/** Each message split once at its placeholders: text, name, text, name, …, text. */
const splitMessages = new Map<string, string[]>();

/** A message with its placeholders filled in; the values are inserted as they are (escape the result for HTML). */
export function say<K extends MessageKey>(t: Messages, key: K, values: MessageValues<K>): string {
  const message = t[key];
  let parts = splitMessages.get(message);
  if (!parts) splitMessages.set(message, (parts = message.split(/\{(\w+)\}/)));
  const byName: Record<string, string> = values;
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) text += (byName[parts[i]!] ?? `{${parts[i]}}`) + parts[i + 1];
  return text;
}

const relativeTimes = new Map<Language, Intl.RelativeTimeFormat>();

/** "in 5 minutes" for the `{wait}` placeholders: the number, its plural and its case as the language says them. */
export function inMinutes(lang: Language, minutes: number): string {
  let format = relativeTimes.get(lang);
  if (!format) relativeTimes.set(lang, (format = new Intl.RelativeTimeFormat(lang, { numeric: "always" })));
  return format.format(minutes, "minute");
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date as the language writes it ("13 June 2026", "13. Juni 2026", "13 يونيو 2026"), on the day it is in `timeZone`. */
export function formatDate(lang: Language, date: Date, timeZone = "UTC"): string {
  const id = `${lang} ${timeZone}`;
  let format = dateFormats.get(id);
  if (!format) dateFormats.set(id, (format = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone })));
  return format.format(date);
}
