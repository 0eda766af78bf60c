/**
 * Touches per week, the last 12 weeks: an inline SVG drawn at the width it is given (so its words keep
 * their size on a phone), read as one sentence by a screen reader, and the same figures as a table.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { defineMessages, useRegion, useT } from "../../i18n";
import { layout, weekLabel, weekSpan, type WeekCount } from "./chart";

export const chartWords = defineMessages({
  en: {
    caption: "Touches per week, the last 12 weeks",
    summary: "Touches per week from {first} to {last}: {values}. This week: {now}.",
    asTable: "See the figures",
    week: "Week",
    touches: "Touches",
    thisWeek: "This week",
  },
  fr: {
    caption: "Échanges par semaine, sur 12 semaines",
    summary: "Échanges par semaine du {first} au {last}\u202f: {values}. Cette semaine\u202f: {now}.",
    asTable: "Voir les chiffres",
    week: "Semaine",
    touches: "Échanges",
    thisWeek: "Cette semaine",
  },
});

const HEIGHT = 200;

/** The width of an element, followed as it changes (a phone turned, a window resized). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => element.clientWidth > 0 && setWidth(element.clientWidth);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function TouchChart({ weeks }: { weeks: WeekCount[] }) {
  const t = useT(chartWords);
  const region = useRegion();
  const { ref, width } = useWidth(320);
  const { bars, lines, plot } = layout(
    weeks.map((week) => week.touches),
    width,
    HEIGHT,
  );
  const first = weeks[0];
  const now = weeks[weeks.length - 1];
  const summary =
    first && now
      ? t("summary", {
          first: weekLabel(first, region),
          last: weekLabel(now, region),
          values: weeks.map((week) => week.touches).join(", "),
          now: now.touches,
        })
      : "";
  return (
    <figure class="chart">
      <figcaption>{t("caption")}</figcaption>
      <div ref={ref} class="chart-box">
        <svg role="img" aria-label={summary} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
          {lines.map((line) => (
            <g key={line.value} class="chart-line">
              <line x1={plot.left} x2={plot.right} y1={line.y} y2={line.y} />
              <text x={plot.left - 6} y={line.y + 4} text-anchor="end">
                {line.value}
              </text>
            </g>
          ))}
          {bars.map((bar, index) => {
            const week = weeks[index]!;
            const current = index === bars.length - 1;
            return (
              <g key={week.first} class={current ? "chart-bar current" : "chart-bar"}>
                <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} rx={2} />
                {bar.touches > 0 && (
                  <text x={bar.x + bar.width / 2} y={bar.y - 4} text-anchor="middle">
                    {bar.touches}
                  </text>
                )}
                {bar.labelled && (
                  <text class="chart-label" x={bar.x + bar.width / 2} y={plot.bottom + 18} text-anchor="middle">
                    {weekLabel(week, region)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <details class="chart-table">
        <summary>{t("asTable")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("week")}</th>
              <th scope="col">{t("touches")}</th>
            </tr>
          </thead>
          <tbody>
            {[...weeks].reverse().map((week, index) => (
              <tr key={week.first}>
                <th scope="row">{index === 0 ? `${t("thisWeek")} (${weekSpan(week, region)})` : weekSpan(week, region)}</th>
                <td>{week.touches}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
