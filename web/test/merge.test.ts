import { describe, expect, it } from "vitest";
import type { Contact } from "../src/api/client";
import { conflicts, survivorOf, takeOf } from "../src/ui/merge";
import { filenameOf, sizeOf } from "../src/ui/download";

const side = (id: string, change: Partial<Contact> = {}) =>
  ({
    contact_id: id,
    name: "Claire Martin",
    stage: "met",
    circle: "network",
    priority: "normal",
    last_touch_at: null,
    created_at: "2026-01-01T00:00:00Z",
    emails: [],
    phones: [],
    ...change,
  }) as Contact;

describe("a merge", () => {
  it("keeps the contact met over the one to meet, then the one touched last, then the older", () => {
    const met = side("a");
    const toMeet = side("b", { stage: "to_meet", created_at: "2025-01-01T00:00:00Z" });
    expect(survivorOf([toMeet, met])).toEqual([met, toMeet]);
    const touched = side("c", { last_touch_at: "2026-11-01T10:00:00Z", created_at: "2026-06-01T00:00:00Z" });
    expect(survivorOf([met, touched])).toEqual([touched, met]);
    const older = side("d", { created_at: "2025-06-01T00:00:00Z" });
    expect(survivorOf([met, older])).toEqual([older, met]);
  });

  it("asks only where both have a value and the values differ", () => {
    const stays = side("a", { company: "Acme", title: "CTO", birthday: { day: 3, month: 5, year: null }, notes: "x" });
    const goes = side("b", {
      company: "Acme",
      title: "Chief Technology Officer",
      birthday: { day: 3, month: 5, year: 1980 },
      how_we_met: "At a conference",
      notes: "y",
      circle: "inner",
    });
    expect(conflicts(stays, goes)).toEqual(["title", "birthday", "circle"]);
    expect(conflicts(stays, stays)).toEqual([]);
  });

  it("takes the other's value for the fields chosen from it, in a stable order", () => {
    expect(takeOf({ circle: "goes", title: "goes", name: "stays" })).toEqual(["title", "circle"]);
    expect(takeOf({})).toEqual([]);
  });
});

describe("a download's name", () => {
  it("is the API's, quoted, bare or encoded, else the fallback", () => {
    expect(filenameOf('attachment; filename="rapport-contacts.vcf"', "x")).toBe("rapport-contacts.vcf");
    expect(filenameOf("attachment; filename=contacts.csv", "x")).toBe("contacts.csv");
    expect(filenameOf("attachment; filename*=UTF-8''r%C3%A9seau.csv", "x")).toBe("réseau.csv");
    expect(filenameOf(null, "rapport.vcf")).toBe("rapport.vcf");
  });
});

describe("a file's size", () => {
  it("is read in kilobytes under a megabyte, never as zero", () => {
    expect(sizeOf(3491)).toEqual({ unit: "kb", value: 3.5 });
    expect(sizeOf(20)).toEqual({ unit: "kb", value: 1 });
    expect(sizeOf(4_812_733)).toEqual({ unit: "mb", value: 4.8 });
  });
});
