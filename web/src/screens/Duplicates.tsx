/**
 * Duplicates to review: pairs of contacts that look like one person, side by side with why. "Merge"
 * keeps one contact (met, touched last, older: see `survivorOf`) with the union of both, asking where
 * both hold a different value; "Not the same person" dismisses the pair for good.
 */
import { useState } from "preact/hooks";
import { must, type Contact, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, useRegion, useT, type Translate } from "../i18n";
import { contactWords } from "../ui/contactWords";
import { ActionError, PageTitle, Show, useAction, useLoad } from "../ui/kit";
import { common } from "../ui/messages";
import { conflicts, survivorOf, takeOf, type ChosenField, type DuplicateSide } from "../ui/merge";

// The generated client reads the pair's two contacts as a list (a tuple in the contract).
type Pair = Omit<Schemas["DuplicatePair"], "contacts"> & { contacts: DuplicateSide[] };
const sidesOf = (pair: Pair) => pair.contacts as [DuplicateSide, DuplicateSide];

const messages = defineMessages({
  en: {
    title: "Duplicates to review",
    intro: "These contacts look like the same person. Merge them into one, or say they are two people: either way the pair is not shown again.",
    none: "No duplicates to review: each contact looks like a person of their own.",
    back: "Back to contacts",
    why: "Why they look alike",
    likely: "{percent}% likely",
    lastTouch: "Last touch {day}",
    noTouch: "No touch yet",
    added: "Added {day}",
    merge: "Merge…",
    dismiss: "Not the same person",
    choose: "Both have a value for these: choose the one to keep. The rest is joined (emails, phones, tags, notes, touches, meetings).",
    nothingToChoose: "Nothing to choose: everything of both is joined (emails, phones, tags, notes, touches, meetings).",
    stays: "{name} stays; the other contact is merged into it, then removed.",
    confirm: "Merge them",
    merged: "Merged into {name}.",
    dismissed: "{first} and {second} are kept as two people.",
    see: "See {name}",
    name: "Name",
    company: "Company",
    title_: "Title",
    how_we_met: "How you met",
    birthday: "Birthday",
    linkedin_url: "LinkedIn",
    why_: "Why them",
    origin: "Origin",
    circle: "Circle",
    priority: "Priority",
    cadence: "Cadence",
    cadenceDays: "every {ideal} to {max} days",
  },
  fr: {
    title: "Doublons à vérifier",
    intro: "Ces contacts semblent être la même personne. Fusionnez-les, ou dites qu’il s’agit de deux personnes\u202f: dans les deux cas, la paire ne revient plus.",
    none: "Aucun doublon à vérifier\u202f: chaque contact semble être une personne à part.",
    back: "Retour aux contacts",
    why: "Pourquoi ils se ressemblent",
    likely: "Probable à {percent}\u202f%",
    lastTouch: "Dernier échange {day}",
    noTouch: "Pas encore d’échange",
    added: "Ajouté le {day}",
    merge: "Fusionner…",
    dismiss: "Pas la même personne",
    choose: "Les deux ont une valeur pour ceux-ci\u202f: choisissez celle à garder. Le reste est réuni (e-mails, téléphones, étiquettes, notes, échanges, rendez-vous).",
    nothingToChoose: "Rien à choisir\u202f: tout ce qu’ont les deux est réuni (e-mails, téléphones, étiquettes, notes, échanges, rendez-vous).",
    stays: "{name} reste\u202f; l’autre contact y est fusionné, puis retiré.",
    confirm: "Les fusionner",
    merged: "Fusionné dans {name}.",
    dismissed: "{first} et {second} restent deux personnes.",
    see: "Voir {name}",
    name: "Nom",
    company: "Entreprise",
    title_: "Poste",
    how_we_met: "Votre rencontre",
    birthday: "Anniversaire",
    linkedin_url: "LinkedIn",
    why_: "Pourquoi cette personne",
    origin: "Origine",
    circle: "Cercle",
    priority: "Priorité",
    cadence: "Rythme",
    cadenceDays: "tous les {ideal} à {max} jours",
  },
});

type Words = Translate<typeof messages.en>;

interface Done {
  text: string;
  link?: { href: string; name: string };
}

export function Duplicates() {
  const { api } = useApp();
  const t = useT(messages);
  const loaded = useLoad(() => must(api.GET("/duplicates")), [api]);
  const [done, setDone] = useState<Done>();
  const settled = (what: Done) => {
    setDone(what);
    loaded.reload(); // a merged contact's other pairs are gone too
  };
  return (
    <>
      <PageTitle
        actions={
          <a class="button quiet" href="/app/contacts">
            {t("back")}
          </a>
        }
      >
        {t("title")}
      </PageTitle>
      <p class="saved" role="status">
        {done?.text}{" "}
        {done?.link && <a href={done.link.href}>{t("see", { name: done.link.name })}</a>}
      </p>
      <Show loaded={loaded}>
        {(list) =>
          list.items.length === 0 ? (
            <p class="empty">{t("none")}</p>
          ) : (
            <>
              <p class="lead">{t("intro")}</p>
              <ul class="cards duplicates">
                {list.items.map((pair) => (
                  <PairCard key={pair.pair_id} pair={pair} onDone={settled} />
                ))}
              </ul>
            </>
          )
        }
      </Show>
    </>
  );
}

function PairCard({ pair, onDone }: { pair: Pair; onDone: (done: Done) => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const [merging, setMerging] = useState(false);
  const dismissal = useAction();
  const [first, second] = sidesOf(pair);
  const heading = `pair-${pair.pair_id.replace(/\W/g, "-")}`;
  const dismiss = () =>
    dismissal.act(
      () => must(api.POST("/duplicates/{pair_id}/dismiss", { params: { path: { pair_id: pair.pair_id } } })),
      () => onDone({ text: t("dismissed", { first: first.name, second: second.name }) }),
    );
  return (
    <li class="card pair" aria-labelledby={heading}>
      <h2 id={heading} class="sr-only">
        {first.name} · {second.name}
      </h2>
      <div class="sides">
        <Side side={first} />
        <Side side={second} />
      </div>
      <p class="why">
        {t("why")} <span class="badge">{t("likely", { percent: Math.round(pair.score * 100) })}</span>
      </p>
      <ul class="reasons list">
        {pair.reasons.map((reason) => (
          <li key={reason.sign + reason.value}>{reason.text}</li>
        ))}
      </ul>
      {merging ? (
        <MergeForm pair={pair} onCancel={() => setMerging(false)} onDone={onDone} />
      ) : (
        <div class="buttons">
          <button type="button" class="button primary" onClick={() => setMerging(true)}>
            {t("merge")}
          </button>
          <button type="button" class="button" disabled={dismissal.busy} onClick={() => void dismiss()}>
            {t("dismiss")}
          </button>
        </div>
      )}
      <ActionError error={dismissal.error} />
    </li>
  );
}

function Side({ side }: { side: DuplicateSide }) {
  const t = useT(messages);
  const tw = useT(contactWords);
  const region = useRegion();
  return (
    <div class="side">
      <p>
        <a class="name" href={`/app/contacts/${side.contact_id}`}>
          {side.name}
        </a>
        <span class="badge">{tw(side.stage)}</span>
      </p>
      {(side.title || side.company) && <p>{[side.title, side.company].filter(Boolean).join(" · ")}</p>}
      {[...side.emails, ...side.phones].map((address) => (
        <p class="address" key={address}>
          {address}
        </p>
      ))}
      <p class="muted">
        {side.last_touch_at ? t("lastTouch", { day: formatDate(side.last_touch_at, region) }) : t("noTouch")} ·{" "}
        {t("added", { day: formatDate(side.created_at, region, { year: "numeric" }) })}
      </p>
    </div>
  );
}

type Choices = Partial<Record<ChosenField, "stays" | "goes">>;

function MergeForm({ pair, onCancel, onDone }: { pair: Pair; onCancel: () => void; onDone: (done: Done) => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const [stays, goes] = survivorOf(sidesOf(pair));
  const read = (id: string) => must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } }));
  const loaded = useLoad(() => Promise.all([read(stays.contact_id), read(goes.contact_id)]), [pair.pair_id]);
  const [choices, setChoices] = useState<Choices>({});
  const merge = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void merge.act(
      () =>
        must(
          api.POST("/contacts/{contact_id}/merge", {
            params: { path: { contact_id: stays.contact_id } },
            body: { other_id: goes.contact_id, take: takeOf(choices) },
          }),
        ),
      () => onDone({ text: t("merged", { name: stays.name }), link: { href: `/app/contacts/${stays.contact_id}`, name: stays.name } }),
    );
  };
  return (
    <Show loaded={loaded}>
      {([kept, other]) => {
        const fields = conflicts(kept, other);
        return (
          <form class="form merge" onSubmit={submit} noValidate>
            <p>{t("stays", { name: kept.name })}</p>
            <p class="hint">{fields.length ? t("choose") : t("nothingToChoose")}</p>
            {fields.map((field) => (
              <fieldset key={field} class="choice-of">
                <legend>{label(field, t)}</legend>
                {(["stays", "goes"] as const).map((which) => (
                  <label class="check" key={which}>
                    <input
                      type="radio"
                      name={`${pair.pair_id}-${field}`}
                      checked={(choices[field] ?? "stays") === which}
                      onChange={() => setChoices({ ...choices, [field]: which })}
                    />
                    <span>
                      <Value field={field} contact={which === "stays" ? kept : other} t={t} />
                      <span class="muted"> · {which === "stays" ? kept.name : other.name}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            ))}
            <ActionError error={merge.error} />
            <div class="buttons">
              <button type="submit" class="button primary" disabled={merge.busy}>
                {t("confirm")}
              </button>
              <button type="button" class="button quiet" onClick={onCancel}>
                {tc("cancel")}
              </button>
            </div>
          </form>
        );
      }}
    </Show>
  );
}

function label(field: ChosenField, t: Words): string {
  return field === "title" ? t("title_") : field === "why" ? t("why_") : t(field);
}

/** A field's value as the contact page shows it. */
function Value({ field, contact, t }: { field: ChosenField; contact: Contact; t: Words }) {
  const tw = useT(contactWords);
  const region = useRegion();
  const value = contact[field];
  if (field === "birthday" && contact.birthday) {
    const { day, month, year } = contact.birthday;
    const date = `${year ?? 2000}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    return <span>{formatDate(date, region, year ? { year: "numeric" } : {})}</span>;
  }
  if (field === "cadence" && contact.cadence) {
    return <span>{t("cadenceDays", { ideal: contact.cadence.ideal_days, max: contact.cadence.max_days })}</span>;
  }
  if (field === "circle" || field === "priority") return <span>{tw(String(value) as keyof typeof contactWords.en)}</span>;
  return <span class="value">{String(value)}</span>;
}
