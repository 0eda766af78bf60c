import { describe, expect, it } from "vitest";
import { layout, scale, weekLabel, weekSpan } from "../src/screens/week/chart";

const en = { locale: "en", timeZone: "Europe/Paris" } as const;
const fr = { locale: "fr", timeZone: "Europe/Paris" } as const;

describe("the chart's scale", () => {
  it("keeps four lines for a quiet stretch, even an empty one", () => {
    expect(scale(0)).toEqual({ top: 4, step: 1 });
    expect(scale(3)).toEqual({ top: 4, step: 1 });
  });

  it("rounds the top up to a round step", () => {
    expect(scale(7)).toEqual({ top: 8, step: 2 });
    expect(scale(13)).toEqual({ top: 15, step: 5 });
    expect(scale(21)).toEqual({ top: 30, step: 10 });
    expect(scale(40)).toEqual({ top: 40, step: 10 });
    expect(scale(101)).toEqual({ top: 150, step: 50 });
  });
});

describe("the chart's layout", () => {
  const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 3, 8];

  it("draws bars to the scale, from the baseline", () => {
    const { bars, lines, plot } = layout(counts, 600, 200);
    expect(bars).toHaveLength(12);
    expect(lines.map((line) => line.value)).toEqual([0, 2, 4, 6, 8]);
    const tallest = bars[11]!;
    expect(tallest.y).toBeCloseTo(plot.top);
    expect(tallest.y + tallest.height).toBeCloseTo(plot.bottom);
    expect(bars[0]!.height).toBe(0);
    expect(bars[4]!.height).toBeCloseTo(tallest.height / 2);
    expect(bars.every((bar, i) => i === 0 || bar.x > bars[i - 1]!.x + bars[i - 1]!.width)).toBe(true);
  });

  it("names every week on a laptop, every other one on a phone, this week always", () => {
    expect(layout(counts, 800, 200).bars.every((bar) => bar.labelled)).toBe(true);
    const phone = layout(counts, 320, 200).bars.map((bar) => bar.labelled);
    expect(phone[11]).toBe(true);
    expect(phone.filter(Boolean).length).toBeLessThan(12);
    expect(phone[10]).toBe(false);
  });
});

describe("week names", () => {
  const week = { first: "2026-11-28", last: "2026-12-04", touches: 3 };

  it("name a week by its first day, short", () => {
    expect(weekLabel(week, en)).toBe("28 Nov");
    expect(weekLabel(week, fr)).toBe("28 nov.");
  });

  it("span a week's days, across months, in the networker's language", () => {
    expect(weekSpan(week, en)).toMatch(/^28 November\s*–\s*4 December$/);
    expect(weekSpan(week, fr)).toMatch(/^28 novembre\s*–\s*4 décembre$/);
    expect(weekSpan({ first: "2026-11-21", last: "2026-11-27" }, fr)).toMatch(/^21\s*–\s*27 novembre$/);
  });
});
