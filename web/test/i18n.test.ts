import { describe, expect, it } from "vitest";
import { defineMessages, formatDate, localNow, relativeDay, today, translator } from "../src/i18n";

const words = defineMessages({ en: { hello: "Hello {name}" }, fr: { hello: "Bonjour {name}" } });

describe("i18n", () => {
  it("fills the values in the networker's language", () => {
    expect(translator(words, "fr")("hello", { name: "Léa" })).toBe("Bonjour Léa");
    expect(translator(words, "en")("hello", { name: "Léa" })).toBe("Hello Léa");
  });

  it("says today's date in the networker's time zone, not the browser's", () => {
    const lateInParis = new Date("2026-12-06T23:30:00Z");
    expect(today({ locale: "fr", timeZone: "Europe/Paris" }, lateInParis)).toBe("2026-12-07");
    expect(today({ locale: "en", timeZone: "America/New_York" }, lateInParis)).toBe("2026-12-06");
  });

  it("words days relative to today", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    expect(relativeDay("2026-12-07", { locale: "en", timeZone: "UTC" }, now)).toBe("tomorrow");
    expect(relativeDay("2026-12-09", { locale: "fr", timeZone: "UTC" }, now)).toBe("dans 3 jours");
  });

  it("formats a day as a day, whatever the zone", () => {
    expect(formatDate("2026-01-01", { locale: "fr", timeZone: "Pacific/Honolulu" })).toBe("1er janvier");
  });

});

describe("French dates", () => {
  it("write the first of the month 1er", () => {
    expect(formatDate("2026-06-01", { locale: "fr", timeZone: "UTC" })).toBe("1er juin");
    expect(formatDate("2026-06-02", { locale: "fr", timeZone: "UTC" })).toBe("2 juin");
    expect(formatDate("2026-06-01", { locale: "en", timeZone: "UTC" })).toBe("1 June");
  });

  it("give now in the networker's zone for a datetime-local field", () => {
    const now = new Date("2026-12-06T23:30:00Z");
    expect(localNow({ locale: "fr", timeZone: "Europe/Paris" }, now)).toBe("2026-12-07T00:30");
    expect(localNow({ locale: "en", timeZone: "America/New_York" }, now)).toBe("2026-12-06T18:30");
  });
});

describe("plurals", () => {
  const words = defineMessages({
    en: { waiting: "{count} {count|touch|touches} waiting" },
    fr: { waiting: "{count} {count|échange|échanges} en attente" },
  });

  it("take the word for the number, by each language's rules", () => {
    expect(translator(words, "en")("waiting", { count: 1 })).toBe("1 touch waiting");
    expect(translator(words, "en")("waiting", { count: 0 })).toBe("0 touches waiting");
    expect(translator(words, "fr")("waiting", { count: 0 })).toBe("0 échange en attente");
    expect(translator(words, "fr")("waiting", { count: 2 })).toBe("2 échanges en attente");
  });
});
