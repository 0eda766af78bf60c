/**
 * The week: the weekly review on screen before its email. Goals against what the week brought so far,
 * the streak, the relationships that cooled, the people met without a follow-up, and 12 weeks of
 * touches. One read: GET /review.
 */
import type { ComponentChildren } from "preact";
import { must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, formatTime, useRegion, useT } from "../i18n";
import { PageTitle, Show, useLoad } from "../ui/kit";
import { common } from "../ui/messages";
import { weekSpan } from "./week/chart";
import { TouchChart } from "./week/TouchChart";

type WeekView = Schemas["WeekView"];
type Result = Schemas["GoalResult"];

const messages = defineMessages({
  en: {
    title: "The week",
    span: "{span}, up to today",
    goals: "Goals",
    new_people: "New people met",
    touches: "Touches",
    help_given: "Help given",
    introductions: "Introductions made",
    ofTarget: "{actual} of {target}",
    untracked: "{actual}",
    met: "Met",
    toGo: "{count} to go",
    noGoal: "No goal",
    setGoals: "Set weekly goals",
    noGoals: "You have no weekly goals yet: set some to follow a streak.",
    streakOn: "On target: {count} {count|week|weeks} in a row, this one included.",
    streakKeep: "Streak: {count} {count|week|weeks} on target. Meet this week’s goals by {day} to keep it going.",
    streakStart: "Meet this week’s goals by {day} to start a streak.",
    review: "Your review comes by email on {day} at {time}.",
    cooled: "Relationships that cooled",
    cooledNone: "No relationship cooled this week.",
    health: "health {before} → {now}",
    unplanned: "Met this week, no follow-up yet",
    unplannedNone: "Everyone you met this week has a follow-up, or you met nobody new yet.",
    metOn: "first met {day}",
  },
  fr: {
    title: "La semaine",
    span: "{span}, jusqu’à aujourd’hui",
    goals: "Objectifs",
    new_people: "Nouvelles rencontres",
    touches: "Échanges",
    help_given: "Coups de main donnés",
    introductions: "Mises en relation",
    ofTarget: "{actual} sur {target}",
    untracked: "{actual}",
    met: "Atteint",
    toGo: "encore {count}",
    noGoal: "Sans objectif",
    setGoals: "Fixer des objectifs",
    noGoals: "Vous n’avez pas encore d’objectifs hebdomadaires\u202f: fixez-en pour suivre une série.",
    streakOn: "Dans les objectifs\u202f: {count} {count|semaine|semaines} d’affilée, celle-ci comprise.",
    streakKeep: "Série\u202f: {count} {count|semaine|semaines} dans les objectifs. Atteignez ceux de cette semaine d’ici {day} pour la prolonger.",
    streakStart: "Atteignez les objectifs de cette semaine d’ici {day} pour commencer une série.",
    review: "Votre bilan arrive par e-mail le {day} à {time}.",
    cooled: "Relations qui refroidissent",
    cooledNone: "Aucune relation n’a refroidi cette semaine.",
    health: "santé {before} → {now}",
    unplanned: "Rencontrés cette semaine, sans suite prévue",
    unplannedNone: "Chaque personne rencontrée cette semaine a une suite prévue, ou personne de nouveau pour l’instant.",
    metOn: "rencontré le {day}",
  },
});

export function Week() {
  const { api } = useApp();
  const t = useT(messages);
  const loaded = useLoad(() => must(api.GET("/review")), [api]);
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <Show loaded={loaded}>{(week) => <Review week={week} />}</Show>
    </>
  );
}

function Review({ week }: { week: WeekView }) {
  const t = useT(messages);
  const region = useRegion();
  const { profile } = useApp();
  const weekday = (day: string) => formatDate(day, region, { weekday: "long", day: undefined, month: undefined });
  const reviewAt = new Date(`2000-01-01T${profile.review_time ?? "17:00"}:00Z`);
  const tracked = week.results.some((result) => result.target !== null && result.target !== undefined);
  return (
    <>
      <p class="lead">{t("span", { span: weekSpan(week.week, region) })}</p>
      <section aria-labelledby="week-goals">
        <h2 id="week-goals">{t("goals")}</h2>
        <ul class="goals">
          {week.results.map((result) => (
            <GoalCard key={result.goal} result={result} />
          ))}
        </ul>
        <p class="streak">
          {!tracked && (
            <>
              {t("noGoals")} <a href="/app/settings#goals">{t("setGoals")}</a>
            </>
          )}
          {tracked && week.on_target && t("streakOn", { count: week.streak })}
          {tracked &&
            !week.on_target &&
            (week.streak_before > 0
              ? t("streakKeep", { count: week.streak_before, day: weekday(week.week.last) })
              : t("streakStart", { day: weekday(week.week.last) }))}
        </p>
        {profile.channels?.email !== false && (
          <p class="muted">
            {t("review", {
              day: weekday(week.week.last),
              time: formatTime(reviewAt, { ...region, timeZone: "UTC" }),
            })}
          </p>
        )}
      </section>
      <section aria-labelledby="week-chart">
        <h2 id="week-chart" class="sr-only">
          {t("touches")}
        </h2>
        <TouchChart weeks={week.touches_by_week} />
      </section>
      <section aria-labelledby="week-cooled">
        <h2 id="week-cooled">{t("cooled")}</h2>
        {week.cooling.length === 0 ? (
          <p class="empty">{t("cooledNone")}</p>
        ) : (
          <ul class="cards">
            {week.cooling.map((cooled) => (
              <PersonCard key={cooled.contact.contact_id} contact={cooled.contact}>
                {t("health", { before: cooled.health_before, now: cooled.health_now })}
              </PersonCard>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="week-unplanned">
        <h2 id="week-unplanned">{t("unplanned")}</h2>
        {week.unplanned.length === 0 ? (
          <p class="empty">{t("unplannedNone")}</p>
        ) : (
          <ul class="cards">
            {week.unplanned.map((contact) => (
              <PersonCard key={contact.contact_id} contact={contact}>
                {contact.first_met_at ? t("metOn", { day: formatDate(contact.first_met_at, region) }) : ""}
              </PersonCard>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function GoalCard({ result }: { result: Result }) {
  const t = useT(messages);
  const target = result.target ?? null;
  const label = t(result.goal as "touches");
  return (
    <li class={result.met ? "card goal met" : "card goal"}>
      <span class="goal-name">{label}</span>
      <span class="goal-figure">
        {target === null ? t("untracked", { actual: result.actual }) : t("ofTarget", { actual: result.actual, target })}
      </span>
      {target !== null && target > 0 && (
        <progress max={target} value={Math.min(result.actual, target)} aria-label={label} />
      )}
      <span class={result.met ? "badge" : "badge quiet"}>
        {target === null ? t("noGoal") : result.met ? t("met") : t("toGo", { count: target - result.actual })}
      </span>
    </li>
  );
}

function PersonCard({ contact, children }: { contact: Schemas["ContactView"]; children: ComponentChildren }) {
  const tc = useT(common);
  const id = encodeURIComponent(contact.contact_id);
  return (
    <li class="card">
      <a class="name" href={`/app/contacts/${id}`}>
        {contact.name}
      </a>
      {contact.company && <span class="muted"> · {contact.company}</span>}
      <p class="reason">{children}</p>
      <div class="buttons">
        <a class="button small" href={`/app/log?contact=${id}`}>
          {tc("logTouch")}
        </a>
      </div>
    </li>
  );
}
