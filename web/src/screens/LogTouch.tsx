/**
 * Log a touch, in as few taps as possible: who (search as you type, or one of the people due),
 * what kind, when (now unless said otherwise), a line of summary, the needs and offers heard.
 * The touch goes through the outbox: without network it waits on the phone, and its
 * Idempotency-Key makes every retry log it once.
 */
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, localNow, useRegion, useT } from "../i18n";
import type { TouchBody } from "../offline/outbox";
import { keptPeople, type Person } from "../offline/people";
import { ContactPicker } from "../ui/ContactPicker";
import { useDraft } from "../ui/drafts";
import { Field, PageTitle } from "../ui/kit";
import { KINDS, kindMessages } from "../ui/kinds";

type Kind = Schemas["Kind"];

const messages = defineMessages({
  en: {
    title: "Log a touch",
    who: "With whom?",
    kind: "What happened?",
    when: "When?",
    now: "Just now",
    earlier: "Earlier",
    whenAt: "Date and time",
    summary: "In a sentence (optional)",
    summaryHint: "What you talked about, what to remember.",
    heard: "Heard from {name} (optional)",
    needs: "Looking for",
    offers: "Can help with",
    wishesHint: "Separate with commas: “fundraising, a designer”.",
    submit: "Log it",
    pickSomeone: "Choose at least one person.",
    pickKind: "Choose what happened.",
    pickWhen: "Say when it happened, or choose “Just now”.",
    logged: "Logged.",
    kept: "No network: the touch is kept on this device and will be sent when you are back online.",
  },
  fr: {
    title: "Noter un échange",
    who: "Avec qui\u202f?",
    kind: "Qu’avez-vous fait\u202f?",
    when: "Quand\u202f?",
    now: "À l’instant",
    earlier: "Plus tôt",
    whenAt: "Date et heure",
    summary: "En une phrase (facultatif)",
    summaryHint: "De quoi vous avez parlé, ce qu’il faut retenir.",
    heard: "Entendu de {name} (facultatif)",
    needs: "Cherche",
    offers: "Peut aider pour",
    wishesHint: "Séparez par des virgules\u202f: «\u202flevée de fonds, un designer\u202f».",
    submit: "Noter",
    pickSomeone: "Choisissez au moins une personne.",
    pickKind: "Choisissez ce que vous avez fait.",
    pickWhen: "Dites quand c’était, ou choisissez «\u202fÀ l’instant\u202f».",
    logged: "C’est noté.",
    kept: "Pas de réseau\u202f: l’échange est gardé sur cet appareil et sera envoyé au retour du réseau.",
  },
});

interface Draft {
  people: { contact_id: string; name: string }[];
  kind: Kind | "";
  earlier: boolean;
  at: string;
  summary: string;
  heard: Record<string, { needs: string; offers: string }>;
}

const EMPTY: Draft = { people: [], kind: "", earlier: false, at: "", summary: "", heard: {} };

function labels(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
}

export function LogTouch() {
  const { api, outbox, profile } = useApp();
  const t = useT(messages);
  const tk = useT(kindMessages);
  const location = useLocation();
  const region = useRegion();
  const [draft, setDraft, clearDraft] = useDraft<Draft>("log-touch", EMPTY);
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const preset = location.query.contact;
  useEffect(() => {
    if (!preset || draft.people.some((person) => person.contact_id === preset)) return;
    const chosen = (person: Person) => setDraft({ ...EMPTY, people: [{ contact_id: person.contact_id, name: person.name }] });
    must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: preset } } })).then(chosen, () => {
      const seen = keptPeople(profile.networker_id).find((person) => person.contact_id === preset); // offline
      if (seen) chosen(seen);
    });
  }, [preset]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (draft.people.length === 0) return setProblem(t("pickSomeone"));
    if (!draft.kind) return setProblem(t("pickKind"));
    if (draft.earlier && !draft.at) return setProblem(t("pickWhen"));
    setProblem("");
    setBusy(true);
    const body: TouchBody = {
      kind: draft.kind,
      occurred_at: draft.earlier && draft.at ? draft.at : new Date().toISOString(),
      contact_ids: draft.people.map((person) => person.contact_id),
      summary: draft.summary.trim() || null,
      learned: draft.people
        .map((person) => ({
          contact_id: person.contact_id,
          needs: labels(draft.heard[person.contact_id]?.needs),
          offers: labels(draft.heard[person.contact_id]?.offers),
        }))
        .filter((heard) => heard.needs.length > 0 || heard.offers.length > 0),
    };
    const names = draft.people.map((person) => person.name);
    const typed = draft;
    clearDraft(); // the touch is in the outbox now: a sign-in on the way must not bring it back to log twice
    const outcome = await outbox.add(body, names);
    setBusy(false);
    if (typeof outcome === "object") {
      outbox.discard(outcome.key); // refused: back in the form, with the reason
      setDraft(typed);
      return setProblem(outcome.refused ?? "");
    }
    if (outcome === "waiting") return setProblem(t("kept"));
    const first = draft.people[0]!;
    location.route(draft.people.length === 1 ? `/app/contacts/${first.contact_id}?logged=1` : "/");
  };

  const choose = (contact: Person) => {
    if (draft.people.some((person) => person.contact_id === contact.contact_id)) return;
    update({ people: [...draft.people, { contact_id: contact.contact_id, name: contact.name }] });
  };

  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <form class="form log-touch" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t("who")}</legend>
          <ContactPicker
            chosen={draft.people}
            onChoose={choose}
            onRemove={(id) => update({ people: draft.people.filter((person) => person.contact_id !== id) })}
          />
        </fieldset>
        <fieldset>
          <legend>{t("kind")}</legend>
          <div class="chips">
            {KINDS.map((kind) => (
              <label key={kind} class={draft.kind === kind ? "chip selected" : "chip"}>
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={draft.kind === kind}
                  onChange={() => update({ kind })}
                />
                {tk(kind)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("when")}</legend>
          <div class="chips">
            <label class={!draft.earlier ? "chip selected" : "chip"}>
              <input type="radio" name="when" checked={!draft.earlier} onChange={() => update({ earlier: false })} />
              {t("now")}
            </label>
            <label class={draft.earlier ? "chip selected" : "chip"}>
              <input type="radio" name="when" checked={draft.earlier} onChange={() => update({ earlier: true })} />
              {t("earlier")}
            </label>
          </div>
          {draft.earlier && (
            <Field label={t("whenAt")} id="touch-at">
              {(aria) => (
                <input
                  {...aria}
                  type="datetime-local"
                  value={draft.at}
                  max={localNow(region)}
                  onInput={(event) => update({ at: (event.currentTarget as HTMLInputElement).value })}
                />
              )}
            </Field>
          )}
        </fieldset>
        <Field label={t("summary")} hint={t("summaryHint")} id="touch-summary">
          {(aria) => (
            <textarea
              {...aria}
              rows={2}
              maxLength={2000}
              value={draft.summary}
              onInput={(event) => update({ summary: (event.currentTarget as HTMLTextAreaElement).value })}
            />
          )}
        </Field>
        {draft.people.map((person) => (
          <details key={person.contact_id} class="heard">
            <summary>{t("heard", { name: person.name })}</summary>
            {(["needs", "offers"] as const).map((side) => (
              <Field key={side} label={t(side)} hint={t("wishesHint")} id={`heard-${side}-${person.contact_id}`}>
                {(aria) => (
                  <input
                    {...aria}
                    value={draft.heard[person.contact_id]?.[side] ?? ""}
                    onInput={(event) =>
                      update({
                        heard: {
                          ...draft.heard,
                          [person.contact_id]: {
                            needs: draft.heard[person.contact_id]?.needs ?? "",
                            offers: draft.heard[person.contact_id]?.offers ?? "",
                            [side]: (event.currentTarget as HTMLInputElement).value,
                          },
                        },
                      })
                    }
                  />
                )}
              </Field>
            ))}
          </details>
        ))}
        {problem && (
          <p class="notice" role="alert">
            {problem}
          </p>
        )}
        <div class="submit-bar">
          <button type="submit" class="button primary large" disabled={busy}>
            {t("submit")}
          </button>
        </div>
      </form>
    </>
  );
}
