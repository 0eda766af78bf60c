/**
 * Words and formats in the networker's language (the profile's `locale`) and time zone.
 *
 * Each screen keeps its own messages (`defineMessages`), English and French side by side; French
 * follows French typography: a narrow no-break space before `:` `;` `?` `!`, « guillemets »
 * (checked by test/typography.test.ts over every message, and by tests/unit/test_words.py with the
 * server's words), and « 1er » in dates (`formatDate`). The API's sentences (a reminder's reason, an
 * opportunity) come in the same typography: they are shown as they are.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export type Locale = "en" | "fr";

export interface Region {
  locale: Locale;
  timeZone: string;
}

export const RegionContext = createContext<Region>({ locale: "en", timeZone: "UTC" });

export function useRegion(): Region {
  return useContext(RegionContext);
}

type Dictionary = Record<string, string>;
export interface Messages<D extends Dictionary> {
  en: D;
  fr: { [K in keyof D]: string };
}

/** Every registered dictionary, for the typography test. */
export const ALL_MESSAGES: Messages<Dictionary>[] = [];

export function defineMessages<D extends Dictionary>(messages: Messages<D>): Messages<D> {
  ALL_MESSAGES.push(messages);
  return messages;
}

export type Translate<D extends Dictionary> = (key: keyof D & string, values?: Record<string, string | number>) => string;

/** `{name}` is the value; `{count|touch|touches}` the word for that number, by the language's rules
 * (in French, 0 and 1 take the singular). */
export function translator<D extends Dictionary>(messages: Messages<D>, locale: Locale): Translate<D> {
  const plurals = new Intl.PluralRules(locale);
  return (key, values) => {
    const template = messages[locale][key] ?? messages.en[key] ?? key;
    if (!values) return template;
    return template
      .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) =>
        typeof values[name] === "number" ? (plurals.select(values[name]) === "one" ? one : other) : whole,
      )
      .replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
  };
}

export function useT<D extends Dictionary>(messages: Messages<D>): Translate<D> {
  return translator(messages, useRegion().locale);
}

/** The browser's language when there is no profile yet (the sign-in page, the first paint). */
export function browserLocale(): Locale {
  return navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}

const TAGS: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

export function formatDate(value: string | Date, region: Region, options: Intl.DateTimeFormatOptions = {}): string {
  const date = typeof value === "string" && value.length === 10 ? dayAt(value) : new Date(value);
  const zone = typeof value === "string" && value.length === 10 ? "UTC" : region.timeZone;
  const parts = new Intl.DateTimeFormat(TAGS[region.locale], {
    day: "numeric",
    month: "long",
    timeZone: zone,
    ...options,
  }).formatToParts(date);
  // French writes the first of the month « 1er » (Intl says « 1 »).
  return parts
    .map((part) => (region.locale === "fr" && part.type === "day" && part.value === "1" ? "1er" : part.value))
    .join("");
}

/** The current date and time in the networker's zone, as a datetime-local field holds it (YYYY-MM-DDTHH:MM). */
export function localNow(region: Region, now = new Date()): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: region.timeZone,
  }).format(now);
  return `${today(region, now)}T${time}`;
}

export function formatTime(value: string | Date, region: Region): string {
  return new Intl.DateTimeFormat(TAGS[region.locale], {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: region.timeZone,
  }).format(new Date(value));
}

export function formatNumber(value: number, region: Region): string {
  return new Intl.NumberFormat(TAGS[region.locale]).format(value);
}

/** "in 3 days", "yesterday", "il y a 2 jours": a day (YYYY-MM-DD) against today in the networker's zone. */
export function relativeDay(day: string, region: Region, now = new Date()): string {
  const days = Math.round((dayAt(day).getTime() - dayAt(today(region, now)).getTime()) / 86_400_000);
  return new Intl.RelativeTimeFormat(TAGS[region.locale], { numeric: "auto" }).format(days, "day");
}

/** Today's date (YYYY-MM-DD) in the networker's time zone. */
export function today(region: Region, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: region.timeZone }).format(now);
}

function dayAt(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
