/**
 * One introduction: the two people, why, its steps with their days, what to do next, the draft of
 * the moment (the ask, then the introduction to both) with its mailto: link, and the buttons of the
 * steps its status allows.
 */
import { useEffect, useState } from "preact/hooks";
import { must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, relativeDay, useRegion, useT } from "../i18n";
import { errorText } from "../ui/kit";
import { common } from "../ui/messages";
import { introActions, type Action, type Introduction, type Status } from "./introductionSteps";

type Detail = Schemas["ContactDetail"];
type Draft = Schemas["Draft"];

const messages = defineMessages({
  en: {
    pair: "{first} and {second}",
    suggested: "Suggested",
    asked: "Asked",
    accepted: "Accepted",
    declined: "Declined",
    made: "Made",
    followed_up: "Followed up",
    cancelled: "Cancelled",
    steps: "Steps",
    stepOn: "{step} on {day}",
    next_suggested: "Next: ask {first} whether they would like to meet {second}.",
    next_asked: "Send the ask to {first}, then tell Rapport their answer.",
    next_accepted: "{first} said yes. Send the introduction to both, then mark it made.",
    next_made: "Ask each how it went {when} ({day}).",
    ask: "Ask {first}",
    accept: "{first} said yes",
    decline: "{first} said no",
    make: "Sent: mark it made",
    "follow-up": "Followed up",
    cancel: "Cancel the introduction",
    cancelConfirm: "Cancel this introduction?",
    draftAsk: "The ask to send to {first}",
    draftIntro: "The introduction to send to both",
    subject: "Subject: {subject}",
    to: "To: {to}",
    noAddress: "No email address known: add one on their page, or choose the recipient in your mail app.",
    openMail: "Open in your mail app",
    someone: "someone",
    moved: "{first} and {second}: {status}",
  },
  fr: {
    pair: "{first} et {second}",
    suggested: "Proposée",
    asked: "Demandée",
    accepted: "Acceptée",
    declined: "Refusée",
    made: "Faite",
    followed_up: "Suivie",
    cancelled: "Annulée",
    steps: "Étapes",
    stepOn: "{step} le {day}",
    next_suggested: "Ensuite\u202f: demandez à {first} s’il ou elle aimerait rencontrer {second}.",
    next_asked: "Envoyez la demande à {first}, puis indiquez sa réponse à Rapport.",
    next_accepted: "{first} a dit oui. Envoyez la présentation aux deux, puis marquez-la comme faite.",
    next_made: "Demandez à chacun comment cela s’est passé {when} ({day}).",
    ask: "Demander à {first}",
    accept: "{first} a dit oui",
    decline: "{first} a dit non",
    make: "Envoyée\u202f: marquer comme faite",
    "follow-up": "Suivi fait",
    cancel: "Annuler la mise en relation",
    cancelConfirm: "Annuler cette mise en relation\u202f?",
    draftAsk: "La demande à envoyer à {first}",
    draftIntro: "La présentation à envoyer aux deux",
    subject: "Objet\u202f: {subject}",
    to: "À\u202f: {to}",
    noAddress: "Aucune adresse e-mail connue\u202f: ajoutez-en une sur sa fiche, ou choisissez le destinataire dans votre messagerie.",
    openMail: "Ouvrir dans votre messagerie",
    someone: "quelqu’un",
    moved: "{first} et {second}\u202f: {status}",
  },
});

/** The steps shown, in order: the happy path, or the path up to where it ended. */
const PATH: Status[] = ["suggested", "asked", "accepted", "made", "followed_up"];
const STAMP: Record<Status, keyof Introduction> = {
  suggested: "created_at",
  asked: "asked_at",
  accepted: "accepted_at",
  declined: "declined_at",
  made: "made_at",
  followed_up: "followed_up_at",
  cancelled: "cancelled_at",
};

export function IntroductionCard({
  intro,
  people,
  draft,
  targeted,
  onChanged,
}: {
  intro: Introduction;
  people: Map<string, Detail>;
  draft: Draft | null | undefined;
  targeted: boolean;
  onChanged: (said: string, introductionId?: string) => void;
}) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const region = useRegion();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // Busy from a step until the list read again shows the introduction moved (the card stays).
  useEffect(() => setBusy(false), [intro.version]);
  const status: Status = intro.status ?? "suggested";
  const askedId = intro.asked_contact_id ?? intro.contact_ids[0] ?? "";
  const otherId = intro.contact_ids.find((id) => id !== askedId) ?? "";
  const name = (id: string) => people.get(id)?.name ?? t("someone");
  const first = name(askedId).split(" ")[0] ?? name(askedId);
  const names = { first: name(askedId), second: name(otherId) };
  const ended = status === "declined" || status === "cancelled";
  const steps = ended ? [...PATH.filter((step) => intro[STAMP[step]]), status] : PATH;

  const act = async (action: Action) => {
    if (action === "cancel" && !confirm(t("cancelConfirm"))) return;
    setBusy(true);
    setError(undefined);
    const path = { params: { path: { introduction_id: intro.introduction_id } } };
    try {
      const view = await must(
        action === "ask"
          ? api.POST("/introductions/{introduction_id}/ask", path)
          : action === "accept"
            ? api.POST("/introductions/{introduction_id}/accept", path)
            : action === "decline"
              ? api.POST("/introductions/{introduction_id}/decline", path)
              : action === "make"
                ? api.POST("/introductions/{introduction_id}/make", path)
                : action === "follow-up"
                  ? api.POST("/introductions/{introduction_id}/follow-up", path)
                  : api.POST("/introductions/{introduction_id}/cancel", path),
      );
      onChanged(t("moved", { ...names, status: t(view.status ?? "suggested") }), intro.introduction_id);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <li id={intro.introduction_id} tabIndex={-1} class={targeted ? "card intro targeted" : "card intro"}>
      <div class="who">
        <h3 class="name">{t("pair", names)}</h3>
        <span class={ended ? "badge" : "badge status"}>{t(status)}</span>
      </div>
      <p>{intro.reason}</p>
      <ol class="steps" aria-label={t("steps")}>
        {steps.map((step) => {
          const day = intro[STAMP[step]] as string | null | undefined;
          return (
            <li key={step} class={day ? (step === status ? "step current" : "step done") : "step"}>
              {day ? t("stepOn", { step: t(step), day: formatDate(day, region) }) : t(step)}
            </li>
          );
        })}
      </ol>
      {status === "made" && intro.follow_up_due_on ? (
        <p class="next" data-testid="follow-up-due">
          {t("next_made", {
            when: relativeDay(intro.follow_up_due_on, region),
            day: formatDate(intro.follow_up_due_on, region, { weekday: "long" }),
          })}
        </p>
      ) : (
        (status === "suggested" || status === "asked" || status === "accepted") && (
          <p class="next">{t(`next_${status}`, { first, second: names.second })}</p>
        )
      )}
      {draft && (status === "asked" || status === "accepted" || status === "made") && (
        <DraftView draft={draft} title={status === "asked" ? t("draftAsk", { first }) : t("draftIntro")} />
      )}
      {error !== undefined && (
        <p class="field-error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
      {introActions(status).length > 0 && (
        <div class="buttons">
          {introActions(status).map((action) => (
            <button
              key={action}
              type="button"
              class={action === "cancel" || action === "decline" ? "button quiet" : "button primary"}
              disabled={busy}
              onClick={() => void act(action)}
            >
              {t(action, { first })}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

function DraftView({ draft, title }: { draft: Draft; title: string }) {
  const t = useT(messages);
  return (
    <div class="draft">
      <h4>{title}</h4>
      <p class="muted">{draft.recipients.length ? t("to", { to: draft.recipients.join(", ") }) : t("noAddress")}</p>
      <p>
        <strong>{t("subject", { subject: draft.subject })}</strong>
      </p>
      <pre class="draft-body">{draft.body}</pre>
      <a class="button primary" href={draft.mailto}>
        {t("openMail")}
      </a>
    </div>
  );
}
