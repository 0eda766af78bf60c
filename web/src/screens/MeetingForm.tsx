/**
 * Plan a meeting, or move one: who, the day and the time in the networker's time zone (sent without
 * an offset, the API reads it in the profile's zone), where, the goal, and when the brief comes.
 * A planned meeting being typed survives a sign-in on the way (a draft); the API's field errors
 * show by their field. Marking a meeting held, with a line of what happened, is here too (`HeldForm`).
 */
import { useState } from "preact/hooks";
import { ApiError, must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, today, useRegion, useT, type Region } from "../i18n";
import { ContactPicker } from "../ui/ContactPicker";
import { useDraft } from "../ui/drafts";
import { Field, FormError, TextField } from "../ui/kit";
import { TimeSelect } from "./settings/TimeSelect";
import { common } from "../ui/messages";

type Meeting = Schemas["Meeting"];

const messages = defineMessages({
  en: {
    who: "With whom?",
    day: "Day",
    time: "Time",
    zone: "In your time zone ({zone}).",
    place: "Place (optional)",
    goal: "Goal (optional)",
    goalHint: "What you want from this meeting, in a sentence.",
    brief: "Send me the brief",
    minutes30: "30 minutes before",
    minutes60: "1 hour before",
    minutes120: "2 hours before",
    minutes240: "4 hours before",
    minutes1440: "The day before",
    save: "Plan it",
    saveChanges: "Save the changes",
    pickSomeone: "Choose at least one person.",
    pickWhen: "Choose the day and the time.",
    heldSummary: "What happened (optional)",
    heldSummaryHint: "Logged with the touch for everyone who was there.",
    confirmHeld: "Log it as held",
  },
  fr: {
    who: "Avec qui\u202f?",
    day: "Jour",
    time: "Heure",
    zone: "Dans votre fuseau horaire ({zone}).",
    place: "Lieu (facultatif)",
    goal: "Objectif (facultatif)",
    goalHint: "Ce que vous attendez de ce rendez-vous, en une phrase.",
    brief: "M’envoyer la fiche",
    minutes30: "30 minutes avant",
    minutes60: "1 heure avant",
    minutes120: "2 heures avant",
    minutes240: "4 heures avant",
    minutes1440: "La veille",
    save: "Prévoir",
    saveChanges: "Enregistrer les modifications",
    pickSomeone: "Choisissez au moins une personne.",
    pickWhen: "Choisissez le jour et l’heure.",
    heldSummary: "Ce qui s’est passé (facultatif)",
    heldSummaryHint: "Noté avec l’échange pour chaque participant.",
    confirmHeld: "Noter comme tenu",
  },
});

const BRIEF_MINUTES = [30, 60, 120, 240, 1440] as const;

/** A moment as the day (YYYY-MM-DD) and the time (HH:MM) it is in `timeZone`. */
export function localParts(moment: string | Date, timeZone: string): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(moment))
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

interface Form {
  people: { contact_id: string; name: string }[];
  day: string;
  time: string;
  place: string;
  goal: string;
  brief: number;
}

function formOf(meeting: Meeting | undefined, names: string[], region: Region): Form {
  if (!meeting) {
    const tomorrow = today(region, new Date(Date.now() + 86_400_000));
    return { people: [], day: tomorrow, time: "10:00", place: "", goal: "", brief: 120 };
  }
  return {
    people: meeting.contact_ids.map((contact_id, index) => ({ contact_id, name: names[index] ?? contact_id })),
    ...localParts(meeting.starts_at, region.timeZone),
    place: meeting.place ?? "",
    goal: meeting.goal ?? "",
    brief: meeting.brief_minutes_before ?? 120,
  };
}

export function MeetingForm({
  meeting,
  people = [],
  onSaved,
  onCancel,
}: {
  meeting?: Meeting;
  people?: string[];
  onSaved: (meeting: Meeting) => void;
  onCancel: () => void;
}) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const region = useRegion();
  const empty = formOf(meeting, people, region);
  const [kept, keep, clear] = useDraft<Form>("plan-meeting", empty);
  // Only a new meeting is kept as a draft; a meeting being moved starts from what it is.
  const [moved, setMoved] = useState<Form>(empty);
  const [form, setForm] = meeting ? [moved, setMoved] : [kept, keep];
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<Form>) => setForm({ ...form, ...change });
  const prefix = meeting ? `meeting-${meeting.meeting_id}` : "meeting-new";
  const fields = error instanceof ApiError ? error.fields : {};
  const local = (key: string) => (error instanceof LocalProblem && error.field === key ? error.message : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (form.people.length === 0) return setError(new LocalProblem("contact_ids", t("pickSomeone")));
    if (!form.day || !form.time) return setError(new LocalProblem("starts_at", t("pickWhen")));
    setError(undefined);
    setBusy(true);
    const body = {
      contact_ids: form.people.map((person) => person.contact_id),
      starts_at: `${form.day}T${form.time}:00`,
      place: form.place.trim() || null,
      goal: form.goal.trim() || null,
      brief_minutes_before: form.brief,
    };
    try {
      const saved = meeting
        ? await must(
            api.PATCH("/meetings/{meeting_id}", {
              params: { path: { meeting_id: meeting.meeting_id } },
              body: { ...body, version: meeting.version ?? null },
            }),
          )
        : await must(api.POST("/meetings", { body }));
      if (!meeting) clear();
      onSaved(saved);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const whoError = fields.contact_ids ?? local("contact_ids");
  const whenError = fields.starts_at ?? local("starts_at");
  return (
    <form class="form meeting-form" onSubmit={submit} noValidate>
      <fieldset aria-describedby={whoError ? `${prefix}-who-error` : undefined}>
        <legend>{t("who")}</legend>
        <ContactPicker
          chosen={form.people}
          onChoose={(contact) =>
            form.people.some((person) => person.contact_id === contact.contact_id) ||
            update({ people: [...form.people, { contact_id: contact.contact_id, name: contact.name }] })
          }
          onRemove={(id) => update({ people: form.people.filter((person) => person.contact_id !== id) })}
        />
        {whoError && (
          <p class="field-error" id={`${prefix}-who-error`}>
            {whoError}
          </p>
        )}
      </fieldset>
      <div class="when-row">
        <Field label={t("day")} id={`${prefix}-day`} error={whenError} hint={t("zone", { zone: region.timeZone })}>
          {(aria) => (
            <input
              {...aria}
              type="date"
              required
              value={form.day}
              onInput={(event) => update({ day: (event.currentTarget as HTMLInputElement).value })}
            />
          )}
        </Field>
        <TimeSelect name={`${prefix}-time`} label={t("time")} value={form.time || "10:00"} onValue={(time) => update({ time })} />
      </div>
      <TextField
        label={t("place")}
        name={`${prefix}-place`}
        value={form.place}
        maxLength={200}
        error={fields.place}
        onValue={(place) => update({ place })}
      />
      <TextField
        label={t("goal")}
        name={`${prefix}-goal`}
        value={form.goal}
        maxLength={500}
        hint={t("goalHint")}
        error={fields.goal}
        onValue={(goal) => update({ goal })}
      />
      <Field label={t("brief")} id={`${prefix}-brief`} error={fields.brief_minutes_before}>
        {(aria) => (
          <select
            {...aria}
            value={String(form.brief)}
            onChange={(event) => update({ brief: Number((event.currentTarget as HTMLSelectElement).value) })}
          >
            {BRIEF_MINUTES.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {t(`minutes${minutes}` as const)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!(error instanceof LocalProblem) && <FormError error={error} />}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={busy}>
          {meeting ? t("saveChanges") : t("save")}
        </button>
        <button
          type="button"
          class="button quiet"
          onClick={() => {
            if (!meeting) clear();
            onCancel();
          }}
        >
          {tc("cancel")}
        </button>
      </div>
    </form>
  );
}

/** It happened: an optional line of what was said, logged with the touch for everyone there. */
export function HeldForm({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = `held-${meeting.meeting_id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await must(
        api.POST("/meetings/{meeting_id}/held", {
          params: { path: { meeting_id: meeting.meeting_id } },
          body: { summary: summary.trim() || null },
        }),
      );
      onDone();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <form class="form held" onSubmit={submit}>
      <div class="field">
        <label for={id}>{t("heldSummary")}</label>
        <textarea
          id={id}
          rows={3}
          maxLength={2000}
          aria-describedby={`${id}-hint`}
          value={summary}
          onInput={(event) => setSummary((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <p class="hint" id={`${id}-hint`}>
          {t("heldSummaryHint")}
        </p>
      </div>
      <FormError error={error} />
      <div class="buttons">
        <button type="submit" class="button primary" disabled={busy}>
          {t("confirmHeld")}
        </button>
      </div>
    </form>
  );
}

/** A problem found before sending, shown by its field like the API's. */
class LocalProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
