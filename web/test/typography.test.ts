/** French typography and complete translations, over every message of every screen. */
import { describe, expect, it } from "vitest";
import { ALL_MESSAGES } from "../src/i18n";

const screens = import.meta.glob(["../src/**/*.{ts,tsx}", "!../src/main.tsx", "!../src/sw.ts"], { eager: true });

describe("messages", () => {
  it("are all registered", () => {
    expect(Object.keys(screens).length).toBeGreaterThan(10);
    expect(ALL_MESSAGES.length).toBeGreaterThan(5);
  });

  it("have a French text for every English one, and no French text left in English", () => {
    for (const messages of ALL_MESSAGES) {
      expect(Object.keys(messages.fr).sort()).toEqual(Object.keys(messages.en).sort());
    }
  });

  it("put a no-break space before : ; ? ! in French, and use « guillemets »", () => {
    for (const messages of ALL_MESSAGES) {
      for (const [key, text] of Object.entries(messages.fr)) {
        expect(text, key).not.toMatch(/[^\u202f\u00a0\s][:;?!](\s|$)/);
        expect(text, key).not.toMatch(/ [:;?!]/);
        expect(text, key).not.toMatch(/"/);
      }
    }
  });
});
