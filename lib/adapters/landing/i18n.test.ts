import { describe, expect, it } from "vitest";
import { chooseLanguage, formatDate, inMinutes, LANGUAGES, MESSAGES, say, textDirection } from "./i18n";

/** Every `{…}` in a message, sorted: a misspelt or translated placeholder shows up as a different one. */
const placeholders = (text: string) => (text.match(/\{[^{}]*\}/g) ?? []).sort();

describe("the landing page's messages", () => {
  const reference = MESSAGES.en;

  it("come in every language the issue asks for, Arabic right to left", () => {
    expect([...LANGUAGES].sort()).toEqual(["ar", "cs", "da", "de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv"]);
    expect(LANGUAGES.filter((lang) => textDirection(lang) === "rtl")).toEqual(["ar"]);
  });

  it.each(LANGUAGES.filter((lang) => lang !== "en"))(
    "%s has every English message, each with the same placeholders, and nothing else",
    (lang) => {
      const messages: Record<string, string> = { ...MESSAGES[lang] };
      expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort());
      for (const [key, english] of Object.entries(reference)) {
        const text = messages[key];
        expect(typeof text === "string" && text.trim() !== "", `${lang}.${key} is missing`).toBe(true);
        expect(placeholders(text!), `${lang}.${key}: ${text}`).toEqual(placeholders(english));
      }
    },
  );

  it("names each language in itself, differently", () => {
    const names = LANGUAGES.map((lang) => MESSAGES[lang].languageName);
    expect(new Set(names).size).toBe(LANGUAGES.length);
    expect(MESSAGES.ar.languageName).toBe("العربية");
  });

  it("are translated, not English left in place", () => {
    // Words that are the same in a language are fine; most of a language's messages are not.
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      const same = Object.entries(reference).filter(
        ([key, text]) => MESSAGES[lang][key as keyof typeof reference] === text,
      );
      expect(same.length, `${lang}: ${same.map(([key]) => key).join(", ")}`).toBeLessThanOrEqual(2);
    }
  });
});

describe("say", () => {
  it("fills placeholders with values as given, once, without reading placeholders inside them", () => {
    expect(say(MESSAGES.fr, "openInApp", { app: "RACEMAP App" })).toBe("Ouvrir dans RACEMAP App");
    expect(say(MESSAGES.ar, "joinTitle", { event: "{app} <b>" })).toBe("انضم إلى التتبع المباشر لفعالية {app} <b>");
    expect(say(MESSAGES.de, "limitedLead", { wait: inMinutes("de", 2) })).toBe(
      "Zu viele unbekannte Schlüssel aus deinem Netz. Versuche es in 2 Minuten erneut.",
    );
  });
});

describe("numbers and dates for the language", () => {
  it("words a wait in minutes with the language's plural and case", () => {
    expect(inMinutes("en", 1)).toBe("in 1 minute");
    expect(inMinutes("cs", 1)).toBe("za 1 minutu");
    expect(inMinutes("pl", 5)).toBe("za 5 minut");
    expect(inMinutes("ar", 2)).toBe("خلال دقيقتين");
    expect(inMinutes("fr", 1500)).toBe("dans 1\u202f500 minutes");
  });

  it("writes a date as the language does, on its day in the given time zone", () => {
    const start = new Date("2026-06-13T22:30:00Z");
    expect(formatDate("en", start)).toBe("June 13, 2026");
    expect(formatDate("de", start)).toBe("13. Juni 2026");
    expect(formatDate("ar", start)).toBe("13 يونيو 2026");
    expect(formatDate("sv", start, "Europe/Stockholm")).toBe("14 juni 2026");
  });
});

describe("chooseLanguage", () => {
  it("takes the visitor's best-ranked language that the page has", () => {
    expect(chooseLanguage(null, "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7")).toBe("fr");
    expect(chooseLanguage(null, "en;q=0.5, ar-EG")).toBe("ar");
    expect(chooseLanguage(null, "zh-CN, ja;q=0.9, pl;q=0.1")).toBe("pl");
    expect(chooseLanguage(null, "pt-BR,pt;q=0.9")).toBe("pt");
    expect(chooseLanguage(null, "es-419")).toBe("es");
    expect(chooseLanguage(null, "de-DE,de;q=0.9,en;q=0.8")).toBe("de");
    expect(chooseLanguage(null, "da;q=0.3, sv;q=0.4, nl;q=0.2")).toBe("sv");
  });

  it("falls back to English for nothing usable, and never throws", () => {
    for (const header of [null, "", "*", "zh-CN", "en-GB;q=0", ";;;,,,", "x-klingon", "de;q=0", "q=1", "é", "-de"]) {
      expect(chooseLanguage(null, header), String(header)).toBe("en");
    }
    expect(chooseLanguage(null, `${"x,".repeat(10_000)}cs`)).toBe("en"); // read only so far
    const others = ["zh", "ja", "ko", "ru", "uk", "tr", "fi", "hu", "ro", "bg", "el", "he", "hi", "th", "vi", "id"];
    expect(chooseLanguage(null, `${others.join(",")},cs;q=0.1`)).toBe("en"); // only the first 16 preferences count
  });

  it("lets `lang=` win when it names a language the page has, and ignores it otherwise", () => {
    expect(chooseLanguage("it", "de")).toBe("it");
    expect(chooseLanguage("AR", "de")).toBe("ar");
    expect(chooseLanguage("pt-PT", "de")).toBe("pt");
    expect(chooseLanguage("klingon", "de")).toBe("de");
    expect(chooseLanguage("*", "nl")).toBe("nl");
    expect(chooseLanguage("", "sv")).toBe("sv");
    expect(chooseLanguage("zh", null)).toBe("en");
  });
});
