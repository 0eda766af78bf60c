import { describe, expect, it } from "vitest";
import { accountEmail, confirms } from "../src/screens/settings/Account";

describe("an account's deletion", () => {
  it("is confirmed by the sign-in email, the first of the profile's", () => {
    expect(accountEmail([{ address: "lea@fontaine.fr" }, { address: "lea@gmail.com" }])).toBe("lea@fontaine.fr");
    expect(accountEmail([])).toBe("");
  });

  it("takes the email typed in any case, with spaces around, and nothing else", () => {
    expect(confirms(" LEA@Fontaine.fr ", "lea@fontaine.fr")).toBe(true);
    expect(confirms("lea@gmail.com", "lea@fontaine.fr")).toBe(false);
    expect(confirms("", "")).toBe(false);
  });
});
