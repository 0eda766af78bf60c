/**
 * The chart of touches per week, as numbers: the scale, where each bar goes, which weeks are named.
 * Pure, so that it is tested without a browser; `TouchChart.tsx` draws it.
 */
import type { Region } from "../../i18n";

export interface WeekCount {
  first: string; // YYYY-MM-DD, the week's first local day
  last: string; // its last (the review day), included
  touches: number;
}

/** The top of the scale and its step: round numbers (1, 2, 5 × 10ⁿ), at most about five lines. */
export function scale(max: number): { top: number; step: number } {
  if (max <= 4) return { top: 4, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return { top: step * Math.ceil(max / step), step };
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  touches: number;
  labelled: boolean; // its week is named under it (not every week fits on a phone)
}

export interface Layout {
  bars: Bar[];
  lines: { value: number; y: number }[];
  plot: { left: number; top: number; bottom: number; right: number };
}

const MARGIN = { left: 32, right: 8, top: 20, bottom: 28 };
const LABEL_WIDTH = 52; // px a week's name needs ("21 nov.")

/** Bars of `counts` in a `width` × `height` box (px); the last week is always named. */
export function layout(counts: number[], width: number, height: number): Layout {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const { top, step } = scale(Math.max(0, ...counts));
  const band = (plot.right - plot.left) / Math.max(1, counts.length);
  const every = Math.max(1, Math.ceil(LABEL_WIDTH / band));
  const y = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const bars = counts.map((touches, index) => ({
    x: plot.left + index * band + band * 0.15,
    y: y(touches),
    width: band * 0.7,
    height: plot.bottom - y(touches),
    touches,
    labelled: (counts.length - 1 - index) % every === 0,
  }));
  const lines = [];
  for (let value = 0; value <= top; value += step) lines.push({ value, y: y(value) });
  return { bars, lines, plot };
}

const tag = (region: Region) => (region.locale === "fr" ? "fr-FR" : "en-GB");
const day = (text: string) => new Date(`${text}T00:00:00Z`);

/** A week named by its first day, short: "21 Nov", "21 nov.". */
export function weekLabel(week: WeekCount, region: Region): string {
  return new Intl.DateTimeFormat(tag(region), { day: "numeric", month: "short", timeZone: "UTC" }).format(day(week.first));
}

/** A week's days: "21–27 November", "28 novembre – 4 décembre". */
export function weekSpan(week: { first: string; last: string }, region: Region): string {
  const format = new Intl.DateTimeFormat(tag(region), { day: "numeric", month: "long", timeZone: "UTC" });
  return format.formatRange(day(week.first), day(week.last));
}
