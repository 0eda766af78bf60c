/** "Due only" filters the due list on the device, as the API's search would. */
import { describe, expect, it } from "vitest";
import type { Contact } from "../src/api/client";
import { matches, type Filters } from "../src/screens/Contacts";

const HELENE = {
  contact_id: "c1",
  name: "Hélène Lefèvre",
  company: "Société Générale",
  emails: ["helene@example.com"],
  stage: "met",
  circle: "inner",
  tags: ["investor"],
} as Contact;
const NONE: Filters = { q: "", stage: "", circle: "", tag: "", due: true };

describe("the due list's filters", () => {
  it("search names, companies and addresses with case and accents folded", () => {
    expect(matches(HELENE, { ...NONE, q: "HELENE lefevre" })).toBe(true);
    expect(matches(HELENE, { ...NONE, q: "societe" })).toBe(true);
    expect(matches(HELENE, { ...NONE, q: "helene@" })).toBe(true);
    expect(matches(HELENE, { ...NONE, q: "paul" })).toBe(false);
  });

  it("keep the stage, circle and tag chosen", () => {
    expect(matches(HELENE, { ...NONE, stage: "met", circle: "inner", tag: "Investor" })).toBe(true);
    expect(matches(HELENE, { ...NONE, circle: "loose" })).toBe(false);
    expect(matches(HELENE, { ...NONE, stage: "to_meet" })).toBe(false);
    expect(matches(HELENE, { ...NONE, tag: "press" })).toBe(false);
  });
});
