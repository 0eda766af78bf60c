import { describe, expect, it } from "vitest";
import { quarterHours, regions, timeZones } from "../src/screens/settings/zones";

describe("the settings' choices", () => {
  it("offer every quarter hour, and keep a time set elsewhere in its place", () => {
    const times = quarterHours("08:00");
    expect(times).toHaveLength(96);
    expect(times.slice(0, 3)).toEqual(["00:00", "00:15", "00:30"]);
    expect(times.at(-1)).toBe("23:45");
    const odd = quarterHours("07:10");
    expect(odd).toHaveLength(97);
    expect(odd.indexOf("07:10")).toBe(odd.indexOf("07:00") + 1);
  });

  it("offer the browser's time zones, with the profile's kept even when not listed", () => {
    expect(timeZones("Europe/Paris")).toContain("Europe/Paris");
    expect(timeZones("Etc/Unknown")[0]).toBe("Etc/Unknown");
  });

  it("name countries in the networker's language, sorted by name, without groupings", () => {
    const french = regions("fr", "");
    expect(french).toContainEqual(["FR", "France"]);
    expect(french).toContainEqual(["DE", "Allemagne"]);
    expect(french.map(([code]) => code)).not.toContain("EU");
    const names = french.map(([, name]) => name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "fr")));
    expect(regions("en", "")).toContainEqual(["DE", "Germany"]);
  });
});
