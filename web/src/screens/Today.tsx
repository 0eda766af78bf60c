/**
 * Today: the digest on screen. One card per person, in the ranking's order (GET /reminders `people`: how
 * close, how late, what holds only today), all their reasons on it, and done, snooze and skip acting on all
 * their reminders at once; today's meetings; the greetings season; who is coming up.
 */
import { useState } from "preact/hooks";
import { must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatTime, relativeDay, today, useRegion, useT } from "../i18n";
import { ActionError, PageTitle, Show, useAction, useLoad } from "../ui/kit";
import { doneRequests, people, type Person } from "./today/people";

type Meeting = Schemas["Meeting"];

const messages = defineMessages({
  en: {
    title: "Today",
    hello: "Hello {name}",
    nothingDue: "Nobody is waiting for you today. A good day to meet someone new.",
    reachOut: "Reach out",
    comingUp: "Coming up",
    meetings: "Today’s meetings",
    greetings: "Greetings season",
    greetingsLeft: "Still to greet: {names}",
    done: "Done",
    snooze: "Later",
    snooze1: "Tomorrow",
    snooze3: "In 3 days",
    snooze7: "In a week",
    skip: "Skip",
    logTouch: "Log the touch",
    doneFor: "Done for {name}",
    snoozedFor: "{name}: back {when}",
    skippedFor: "{name}: skipped",
    overdue: "Overdue",
    brief: "Goal: {goal}",
    at: "at {place}",
    snoozedUntil: "snoozed until {day}",
    with: "with {names}",
    openBrief: "Read the brief",
  },
  fr: {
    title: "Aujourd’hui",
    hello: "Bonjour {name}",
    nothingDue: "Personne ne vous attend aujourd’hui. Une bonne journée pour rencontrer quelqu’un.",
    reachOut: "À recontacter",
    comingUp: "Bientôt",
    meetings: "Rendez-vous du jour",
    greetings: "Saison des vœux",
    greetingsLeft: "Encore à saluer\u202f: {names}",
    done: "Fait",
    snooze: "Plus tard",
    snooze1: "Demain",
    snooze3: "Dans 3 jours",
    snooze7: "Dans une semaine",
    skip: "Ignorer",
    logTouch: "Noter l’échange",
    doneFor: "Fait pour {name}",
    snoozedFor: "{name}\u202f: de retour {when}",
    skippedFor: "{name}\u202f: ignoré",
    overdue: "En retard",
    brief: "Objectif\u202f: {goal}",
    at: "à {place}",
    snoozedUntil: "reporté au {day}",
    with: "avec {names}",
    openBrief: "Lire la fiche",
  },
});

interface TodayData {
  now: Person[];
  later: Person[];
  meetings: Meeting[];
  campaigns: Schemas["CampaignView"][];
}

export function Today() {
  const { api, profile } = useApp();
  const t = useT(messages);
  const loaded = useLoad<TodayData>(async () => {
    const [reminders, meetings, campaigns] = await Promise.all([
      must(api.GET("/reminders")),
      must(api.GET("/meetings")),
      must(api.GET("/greetings")),
    ]);
    return { ...people(reminders.items, reminders.people), meetings: meetings.items, campaigns: campaigns.items };
  }, [api]);
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <p class="lead">{t("hello", { name: profile.name.split(" ")[0] ?? profile.name })}</p>
      <Show loaded={loaded}>{(data) => <Agenda data={data} reload={loaded.reload} />}</Show>
    </>
  );
}

function Agenda({ data, reload }: { data: TodayData; reload: () => void }) {
  const t = useT(messages);
  const region = useRegion();
  const [said, setSaid] = useState<string>("");
  const now = today(region);
  const meetings = data.meetings.filter((m) => today(region, new Date(m.starts_at)) === now && !m.held);
  const open = data.campaigns.filter((c) => c.open);
  const acted = (message: string) => {
    setSaid(message);
    reload();
  };
  return (
    <>
      <p class="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      {data.now.length === 0 && meetings.length === 0 && <p class="empty">{t("nothingDue")}</p>}
      {meetings.length > 0 && (
        <section aria-labelledby="today-meetings">
          <h2 id="today-meetings">{t("meetings")}</h2>
          <ul class="cards">
            {meetings.map((meeting) => (
              <MeetingCard key={meeting.meeting_id} meeting={meeting} />
            ))}
          </ul>
        </section>
      )}
      {data.now.length > 0 && (
        <section aria-labelledby="today-people">
          <h2 id="today-people">{t("reachOut")}</h2>
          <ol class="cards">
            {data.now.map((person) => (
              <PersonCard key={person.line.contact_id} person={person} onActed={acted} />
            ))}
          </ol>
        </section>
      )}
      {open.map((campaign) => (
        <section key={campaign.campaign_id} aria-labelledby={`campaign-${campaign.campaign_id}`}>
          <h2 id={`campaign-${campaign.campaign_id}`}>{t("greetings")}</h2>
          <div class="card">
            <p>{campaign.progress}</p>
            <progress max={campaign.total} value={campaign.greeted} aria-label={campaign.progress} />
            {campaign.left.length > 0 && (
              <p class="muted">
                {t("greetingsLeft", {
                  names: campaign.left
                    .slice(0, 5)
                    .map((person) => person.name)
                    .join(", "),
                })}
              </p>
            )}
          </div>
        </section>
      ))}
      {data.later.length > 0 && (
        <section aria-labelledby="today-later">
          <h2 id="today-later">{t("comingUp")}</h2>
          <ul class="list">
            {data.later.map(({ line, later }) => (
              <li key={line.contact_id}>
                <a href={`/app/contacts/${line.contact_id}`}>{line.name}</a>{" "}
                <span class="muted">
                  {later
                    .map((reminder) =>
                      reminder.snoozed_until
                        ? t("snoozedUntil", { day: relativeDay(reminder.snoozed_until, region) })
                        : reminder.short_reason,
                    )
                    .join(", ")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** One person: done, snooze and skip act on every reminder of the card, one after the other. */
function PersonCard({ person, onActed }: { person: Person; onActed: (said: string) => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const region = useRegion();
  const { busy, error, act: run } = useAction();
  const [snoozing, setSnoozing] = useState(false);
  const { line, now: reminders } = person;
  const name = line.name;
  const path = (reminder_id: string) => ({ params: { path: { reminder_id } } });
  const onEach = async (call: (reminder_id: string) => Promise<unknown>) => {
    for (const reminder of reminders) await call(reminder.reminder_id);
  };
  const act = (call: () => Promise<unknown>, said: string) => run(call, () => onActed(said));
  const done = () =>
    act(async () => {
      // "I reached out": one touch logged for the person (of its natural kind), the other reminders done with it.
      for (const { reminder_id, log_touch } of doneRequests(reminders))
        await must(api.POST("/reminders/{reminder_id}/done", { ...path(reminder_id), body: { log_touch } }));
    }, t("doneFor", { name }));
  const snooze = (days: number) =>
    act(
      () => onEach((id) => must(api.POST("/reminders/{reminder_id}/snooze", { ...path(id), body: { days } }))),
      t("snoozedFor", { name, when: relativeDay(dayIn(days, region), region) }),
    );
  const skip = () =>
    act(
      () => onEach((id) => must(api.POST("/reminders/{reminder_id}/dismiss", path(id)))),
      t("skippedFor", { name }),
    );
  const overdue = reminders.some((reminder) => reminder.status === "overdue");
  return (
    <li class={overdue ? "card reminder overdue" : "card reminder"}>
      <div class="who">
        <a class="name" href={`/app/contacts/${line.contact_id}`}>
          {name}
        </a>
        {overdue && <span class="badge warn">{t("overdue")}</span>}
      </div>
      <p class="reason">{reminders.map((reminder) => reminder.short_reason).join(", ")}</p>
      <ActionError error={error} />
      <div class="buttons">
        <button type="button" class="button primary" disabled={busy} onClick={done}>
          {t("done")}
        </button>
        <a class="button" href={`/app/log?contact=${encodeURIComponent(line.contact_id)}`}>
          {t("logTouch")}
        </a>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-expanded={snoozing}
          onClick={() => setSnoozing(!snoozing)}
        >
          {t("snooze")}
        </button>
        <button type="button" class="button quiet" disabled={busy} onClick={skip}>
          {t("skip")}
        </button>
      </div>
      {snoozing && (
        <div class="buttons snooze" role="group" aria-label={t("snooze")}>
          <button type="button" class="button small" disabled={busy} onClick={() => snooze(1)}>
            {t("snooze1")}
          </button>
          <button type="button" class="button small" disabled={busy} onClick={() => snooze(3)}>
            {t("snooze3")}
          </button>
          <button type="button" class="button small" disabled={busy} onClick={() => snooze(7)}>
            {t("snooze7")}
          </button>
        </div>
      )}
    </li>
  );
}

function MeetingCard({ meeting }: { meeting: Meeting }) {
  const { api } = useApp();
  const t = useT(messages);
  const region = useRegion();
  const people = useLoad(
    () =>
      Promise.all(
        meeting.contact_ids.map((id) => must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } }))),
      ),
    [meeting.meeting_id],
  );
  const names = (people.data ?? []).map((person) => person.name);
  return (
    <li class="card">
      <p>
        <strong>{formatTime(meeting.starts_at, region)}</strong>
        {meeting.place ? ` · ${t("at", { place: meeting.place })}` : ""}
        {names.length > 0 ? ` · ${t("with", { names: names.join(", ") })}` : ""}
      </p>
      {meeting.goal && <p>{t("brief", { goal: meeting.goal })}</p>}
      <a href={`/app/meetings#${meeting.meeting_id}`}>{t("openBrief")}</a>
    </li>
  );
}

function dayIn(days: number, region: ReturnType<typeof useRegion>): string {
  return today(region, new Date(Date.now() + days * 86_400_000));
}
