/** What the networker aims for each week and when the review comes; the greetings seasons they keep. */
import { useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { useApp } from "../../app";
import { formatDate, useRegion, useT } from "../../i18n";
import { CIRCLES, contactWords } from "../../ui/contactWords";
import { Field, TextField } from "../../ui/kit";
import { settingsWords } from "./messages";
import { SaveBar, Status, useSection } from "./save";
import { TimeSelect } from "./TimeSelect";

const GOALS = ["new_people", "touches", "help_given", "introductions"] as const;
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const SEASONS = ["new_year", "year_end", "back_to_work"] as const;

type Goal = (typeof GOALS)[number];
type Circle = Schemas["Circle"];
type Season = (typeof SEASONS)[number];

/** A goal as typed: "" is no goal. */
function goalsOf(form: Record<Goal, string>): Schemas["WeeklyGoals"] {
  const goals: Schemas["WeeklyGoals"] = {};
  for (const goal of GOALS) if (form[goal].trim() !== "") goals[goal] = Number(form[goal]);
  return goals;
}

export function GoalsSection() {
  const t = useT(settingsWords);
  const region = useRegion();
  const { profile } = useApp();
  const section = useSection();
  const [goals, setGoals] = useState(() => {
    const form = {} as Record<Goal, string>;
    for (const goal of GOALS) form[goal] = profile.weekly_goals?.[goal]?.toString() ?? "";
    return form;
  });
  const [day, setDay] = useState(profile.review_day ?? "friday");
  const [time, setTime] = useState(profile.review_time ?? "17:00");
  const submit = (event: Event) => {
    event.preventDefault();
    void section.save({ weekly_goals: goalsOf(goals), review_day: day, review_time: time });
  };
  // 2024-01-01 was a Monday: the weekdays' names in the networker's language.
  const dayName = (index: number) =>
    formatDate(`2024-01-0${index + 1}`, region, { weekday: "long", day: undefined, month: undefined });
  return (
    <section class="card setting" id="goals" aria-labelledby="settings-goals">
      <h2 id="settings-goals">{t("goals")}</h2>
      <form class="form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t("perWeek")}</legend>
          <p class="hint">{t("goalsHint")}</p>
          <div class="goal-fields">
            {GOALS.map((goal) => (
              <TextField
                key={goal}
                name={goal}
                type="number"
                min={0}
                max={1000}
                inputMode="numeric"
                label={t(goal)}
                value={goals[goal]}
                error={section.fields[`weekly_goals.${goal}`]}
                onValue={(value) => setGoals({ ...goals, [goal]: value })}
              />
            ))}
          </div>
        </fieldset>
        <div class="inline-fields">
          <Field label={t("reviewDay")} error={section.fields.review_day} id="field-review_day">
            {(aria) => (
              <select
                {...aria}
                name="review_day"
                value={day}
                onChange={(e) => setDay(e.currentTarget.value as typeof day)}
              >
                {WEEKDAYS.map((weekday, index) => (
                  <option key={weekday} value={weekday}>
                    {dayName(index)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TimeSelect
            name="review_time"
            label={t("reviewTime")}
            value={time}
            error={section.fields.review_time}
            onValue={setTime}
          />
        </div>
        <p class="hint">{t("reviewHint")}</p>
        <SaveBar section={section} />
      </form>
      <Status said={section.said} />
    </section>
  );
}

export function SeasonsSection() {
  const t = useT(settingsWords);
  const tw = useT(contactWords);
  const { profile } = useApp();
  const section = useSection();
  const [kept, setKept] = useState(() => {
    const form = {} as Record<Season, Circle[] | null>;
    for (const season of SEASONS) form[season] = profile.greetings?.find((g) => g.season === season)?.circles ?? null;
    return form;
  });
  const submit = (event: Event) => {
    event.preventDefault();
    const greetings = SEASONS.flatMap((season) => (kept[season] ? [{ season, circles: kept[season]! }] : []));
    void section.save({ greetings });
  };
  const toggleCircle = (season: Season, circle: Circle, on: boolean) => {
    const circles = kept[season] ?? [];
    setKept({ ...kept, [season]: on ? [...circles, circle] : circles.filter((c) => c !== circle) });
  };
  return (
    <section class="card setting" aria-labelledby="settings-seasons">
      <h2 id="settings-seasons">{t("seasons")}</h2>
      <p class="hint">{t("seasonsHint")}</p>
      <form class="form" onSubmit={submit} noValidate>
        {SEASONS.map((season) => {
          const index = SEASONS.filter((s) => kept[s]).indexOf(season);
          const error = index >= 0 ? section.fields[`greetings[${index}].circles`] : undefined;
          return (
            <fieldset key={season} class="season" aria-describedby={error ? `season-${season}-error` : undefined}>
              <legend>{t(season)}</legend>
              <label class="check">
                <input
                  type="checkbox"
                  name={`season-${season}`}
                  checked={kept[season] !== null}
                  onChange={(e) =>
                    setKept({ ...kept, [season]: e.currentTarget.checked ? ["inner", "active", "network"] : null })
                  }
                />
                {t("keepSeason")}
              </label>
              {kept[season] && (
                <div class="chips" role="group" aria-label={t("whom")}>
                  {CIRCLES.map((circle) => {
                    const on = kept[season]!.includes(circle);
                    return (
                      <label key={circle} class={on ? "chip selected" : "chip"}>
                        <input
                          type="checkbox"
                          checked={on}
                          onChange={(e) => toggleCircle(season, circle, e.currentTarget.checked)}
                        />
                        {tw(circle)}
                      </label>
                    );
                  })}
                </div>
              )}
              {error && (
                <p class="field-error" id={`season-${season}-error`}>
                  {error}
                </p>
              )}
            </fieldset>
          );
        })}
        <SaveBar section={section} />
      </form>
      <Status said={section.said} />
    </section>
  );
}
