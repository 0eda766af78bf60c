/**
 * Meetings: what is coming and the last days' (to confirm they were held), plan one, move or cancel
 * it, read its brief (who, goal, place, and for each person what Rapport knows), mark it held.
 * Two rounds of requests: the meetings, then the people in them (and, for an open brief, their last
 * touches), in parallel. `/app/meetings#<id>` opens that meeting.
 */
import { useEffect, useState } from "preact/hooks";
import { must, type Contact, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, formatTime, useRegion, useT } from "../i18n";
import { HeldForm, MeetingForm } from "./MeetingForm";
import { contactWords } from "../ui/contactWords";
import { kindMessages } from "../ui/kinds";
import { PageTitle, Show, errorText, useLoad } from "../ui/kit";
import { common } from "../ui/messages";

export type Meeting = Schemas["Meeting"];
type Detail = Schemas["ContactDetail"];

export const meetingWords = defineMessages({
  en: {
    title: "Meetings",
    plan: "Plan a meeting",
    upcoming: "Coming up",
    recent: "Recent",
    noUpcoming: "No meeting planned. Plan one to get its brief before you go: who they are, your last touches, what they look for.",
    noRecent: "No meeting in the last days.",
    with: "With {names}",
    at: "At {place}",
    goal: "Goal: {goal}",
    held: "Held",
    toConfirm: "To confirm",
    openBrief: "Read the brief",
    closeBrief: "Close the brief",
    markHeld: "Mark as held",
    heldDone: "Marked as held: the touch is logged.",
    deleteConfirm: "Cancel this meeting? Its brief will not be sent.",
    deleted: "Meeting cancelled.",
    saved: "Meeting saved.",
    planned: "Meeting planned.",
    cancelMeeting: "Cancel the meeting",
    lastTouches: "Last touches",
    noTouches: "No touch logged yet: a first meeting.",
    needs: "Looking for",
    offers: "Can help with",
    why: "Why meet: {why}",
    briefOf: "Brief of the meeting on {when}",
    unknown: "A contact no longer in Rapport",
  },
  fr: {
    title: "Rendez-vous",
    plan: "Prévoir un rendez-vous",
    upcoming: "À venir",
    recent: "Récents",
    noUpcoming: "Aucun rendez-vous prévu. Prévoyez-en un pour recevoir sa fiche avant d’y aller\u202f: qui c’est, vos derniers échanges, ce qu’il ou elle cherche.",
    noRecent: "Aucun rendez-vous ces derniers jours.",
    with: "Avec {names}",
    at: "À {place}",
    goal: "Objectif\u202f: {goal}",
    held: "Tenu",
    toConfirm: "À confirmer",
    openBrief: "Lire la fiche",
    closeBrief: "Fermer la fiche",
    markHeld: "Marquer comme tenu",
    heldDone: "Marqué comme tenu\u202f: l’échange est noté.",
    deleteConfirm: "Annuler ce rendez-vous\u202f? Sa fiche ne sera pas envoyée.",
    deleted: "Rendez-vous annulé.",
    saved: "Rendez-vous enregistré.",
    planned: "Rendez-vous prévu.",
    cancelMeeting: "Annuler le rendez-vous",
    lastTouches: "Derniers échanges",
    noTouches: "Aucun échange noté\u202f: une première rencontre.",
    needs: "Cherche",
    offers: "Peut aider pour",
    why: "Pourquoi le ou la rencontrer\u202f: {why}",
    briefOf: "Fiche du rendez-vous du {when}",
    unknown: "Un contact qui n’est plus dans Rapport",
  },
});

/** Coming up (soonest first) and recent (latest first): a meeting is recent once it has started. */
export function splitMeetings(meetings: Meeting[], now: Date): { upcoming: Meeting[]; recent: Meeting[] } {
  const at = (meeting: Meeting) => new Date(meeting.starts_at).getTime();
  const upcoming = meetings.filter((m) => at(m) > now.getTime()).sort((a, b) => at(a) - at(b));
  const recent = meetings.filter((m) => at(m) <= now.getTime()).sort((a, b) => at(b) - at(a));
  return { upcoming, recent };
}

interface Data {
  meetings: Meeting[];
  people: Map<string, Detail>;
}

export function Meetings() {
  const { api } = useApp();
  const t = useT(meetingWords);
  const [planning, setPlanning] = useState(false);
  const [said, setSaid] = useState("");
  const [open, setOpen] = useState(() => location.hash.slice(1));
  const loaded = useLoad<Data>(async () => {
    const meetings = (await must(api.GET("/meetings"))).items;
    const ids = [...new Set(meetings.flatMap((meeting) => meeting.contact_ids))];
    const people = await Promise.all(
      ids.map((id) =>
        must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } })).catch(() => undefined),
      ),
    );
    return { meetings, people: new Map(people.filter((p): p is Detail => !!p).map((p) => [p.contact_id, p])) };
  }, [api]);
  useEffect(() => {
    const follow = () => setOpen(location.hash.slice(1));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  useEffect(() => {
    if (open && loaded.data) document.getElementById(open)?.scrollIntoView({ block: "start" });
  }, [open, loaded.data]);
  const done = (message: string) => {
    setSaid(message);
    setPlanning(false);
    loaded.reload();
  };
  return (
    <>
      <PageTitle
        actions={
          !planning && (
            <button type="button" class="button primary" onClick={() => setPlanning(true)}>
              {t("plan")}
            </button>
          )
        }
      >
        {t("title")}
      </PageTitle>
      <p class="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      {said && (
        <p class="notice success" aria-hidden="true">
          {said}
        </p>
      )}
      {planning && (
        <section class="card" aria-labelledby="plan-title">
          <h2 id="plan-title">{t("plan")}</h2>
          <MeetingForm onSaved={() => done(t("planned"))} onCancel={() => setPlanning(false)} />
        </section>
      )}
      <Show loaded={loaded}>
        {(data) => {
          const { upcoming, recent } = splitMeetings(data.meetings, new Date());
          const list = (meetings: Meeting[]) => (
            <ul class="cards meetings">
              {meetings.map((meeting) => (
                <MeetingCard
                  key={meeting.meeting_id}
                  meeting={meeting}
                  people={data.people}
                  open={open === meeting.meeting_id}
                  onToggle={(opened) => setOpen(opened ? meeting.meeting_id : "")}
                  onDone={done}
                />
              ))}
            </ul>
          );
          return (
            <>
              <section aria-labelledby="meetings-upcoming">
                <h2 id="meetings-upcoming">{t("upcoming")}</h2>
                {upcoming.length ? list(upcoming) : <p class="empty">{t("noUpcoming")}</p>}
              </section>
              <section aria-labelledby="meetings-recent">
                <h2 id="meetings-recent">{t("recent")}</h2>
                {recent.length ? list(recent) : <p class="muted">{t("noRecent")}</p>}
              </section>
            </>
          );
        }}
      </Show>
    </>
  );
}

function MeetingCard({
  meeting,
  people,
  open,
  onToggle,
  onDone,
}: {
  meeting: Meeting;
  people: Map<string, Detail>;
  open: boolean;
  onToggle: (open: boolean) => void;
  onDone: (said: string) => void;
}) {
  const { api } = useApp();
  const t = useT(meetingWords);
  const tc = useT(common);
  const region = useRegion();
  const [editing, setEditing] = useState(false);
  const [holding, setHolding] = useState(false);
  const [error, setError] = useState<unknown>();
  const started = new Date(meeting.starts_at).getTime() <= Date.now();
  const names = meeting.contact_ids.map((id) => people.get(id)?.name ?? t("unknown"));
  const when = `${formatDate(meeting.starts_at, region, { weekday: "long" })}, ${formatTime(meeting.starts_at, region)}`;
  const path = { params: { path: { meeting_id: meeting.meeting_id } } };
  const remove = async () => {
    if (!confirm(t("deleteConfirm"))) return;
    try {
      await must(api.DELETE("/meetings/{meeting_id}", path));
      onDone(t("deleted"));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <li id={meeting.meeting_id} class={open ? "card meeting open" : "card meeting"}>
      <div class="who">
        <strong class="when">{when}</strong>
        {meeting.held ? (
          <span class="badge">{t("held")}</span>
        ) : (
          started && <span class="badge warn">{t("toConfirm")}</span>
        )}
      </div>
      <p>{t("with", { names: names.join(", ") })}</p>
      {meeting.place && <p class="muted">{t("at", { place: meeting.place })}</p>}
      {meeting.goal && <p>{t("goal", { goal: meeting.goal })}</p>}
      {error !== undefined && (
        <p class="field-error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
      <div class="buttons">
        <button type="button" class="button" aria-expanded={open} onClick={() => onToggle(!open)}>
          {open ? t("closeBrief") : t("openBrief")}
        </button>
        {started && !meeting.held && (
          <button type="button" class="button primary" aria-expanded={holding} onClick={() => setHolding(!holding)}>
            {t("markHeld")}
          </button>
        )}
        {!started && (
          <button type="button" class="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {tc("edit")}
          </button>
        )}
        {!meeting.held && (
          <button type="button" class="button quiet" onClick={remove}>
            {t("cancelMeeting")}
          </button>
        )}
      </div>
      {holding && <HeldForm meeting={meeting} onDone={() => onDone(t("heldDone"))} />}
      {editing && (
        <MeetingForm
          meeting={meeting}
          people={names}
          onSaved={() => {
            setEditing(false);
            onDone(t("saved"));
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {open && <Brief meeting={meeting} people={people} when={when} />}
    </li>
  );
}

/** The brief: who, the goal, the place, and for each person their last touches, needs and offers. */
function Brief({ meeting, people, when }: { meeting: Meeting; people: Map<string, Detail>; when: string }) {
  const { api } = useApp();
  const t = useT(meetingWords);
  const tw = useT(contactWords);
  const tk = useT(kindMessages);
  const region = useRegion();
  const touches = useLoad(
    () =>
      Promise.all(
        meeting.contact_ids.map((id) =>
          must(
            api.GET("/contacts/{contact_id}/interactions", {
              params: { path: { contact_id: id }, query: { limit: 3 } },
            }),
          ).then((page) => page.items),
        ),
      ),
    [meeting.meeting_id],
  );
  const headingId = `brief-${meeting.meeting_id}`;
  return (
    <section class="brief" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("briefOf", { when })}</h3>
      {meeting.goal && <p>{t("goal", { goal: meeting.goal })}</p>}
      {meeting.place && <p>{t("at", { place: meeting.place })}</p>}
      <Show loaded={touches}>
        {(lists) => (
          <ul class="brief-people">
            {meeting.contact_ids.map((id, index) => {
              const person: Contact | undefined = people.get(id);
              if (!person) return <li key={id}>{t("unknown")}</li>;
              const last = lists[index] ?? [];
              return (
                <li key={id}>
                  <h4>
                    <a href={`/app/contacts/${id}`}>{person.name}</a>{" "}
                    <span class="badge">{person.stage === "met" ? tw(person.circle) : tw("to_meet")}</span>
                  </h4>
                  {(person.title || person.company) && (
                    <p class="muted">{[person.title, person.company].filter(Boolean).join(" · ")}</p>
                  )}
                  {person.stage === "to_meet" && person.why && <p>{t("why", { why: person.why })}</p>}
                  {(["needs", "offers"] as const).map((side) =>
                    person[side]?.length ? (
                      <p key={side}>
                        <span class="label">{t(side)}</span>{" "}
                        {person[side]!.map((wish) => wish.label).join(", ")}
                      </p>
                    ) : null,
                  )}
                  <p class="label">{t("lastTouches")}</p>
                  {last.length === 0 ? (
                    <p class="muted">{t("noTouches")}</p>
                  ) : (
                    <ul class="list">
                      {last.map((touch) => (
                        <li key={touch.interaction_id}>
                          <time dateTime={touch.occurred_at}>{formatDate(touch.occurred_at, region, { year: "numeric" })}</time>
                          {" · "}
                          <strong>{tk(touch.kind)}</strong>
                          {touch.summary && <span> · {touch.summary}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </section>
  );
}
