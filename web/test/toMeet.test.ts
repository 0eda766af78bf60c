import { describe, expect, it } from "vitest";
import type { Contact } from "../src/api/client";
import { byPriority } from "../src/screens/ToMeet";

const person = (name: string, priority?: Contact["priority"]) => ({ contact_id: name, name, priority }) as Contact;

describe("to meet", () => {
  it("lists high priority first, then normal, then low, each by name", () => {
    const sorted = byPriority(
      [person("Zoé", "low"), person("bob", "normal"), person("Claire", "high"), person("Anna", "low"), person("Éve", "high")],
      "fr",
    );
    expect(sorted.map((contact) => contact.name)).toEqual(["Claire", "Éve", "bob", "Anna", "Zoé"]);
  });

  it("counts a contact without a priority as normal, and leaves the list it was given as it was", () => {
    const given = [person("Low", "low"), person("Unset"), person("High", "high")];
    expect(byPriority(given, "en").map((contact) => contact.name)).toEqual(["High", "Unset", "Low"]);
    expect(given[0]!.name).toBe("Low");
  });

  it("sorts names as the networker's language does, accents and case aside", () => {
    const sorted = byPriority([person("Émile"), person("eric"), person("Daniel")], "fr");
    expect(sorted.map((contact) => contact.name)).toEqual(["Daniel", "Émile", "eric"]);
  });
});
