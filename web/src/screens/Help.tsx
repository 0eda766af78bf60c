/**
 * Help and introductions: the opportunities (a contact's need met by another's offer), and the
 * introductions through their double opt-in steps: ask one side (the draft to send, with its mailto:
 * link), their answer, the introduction to both, the follow-up. A step's button shows only when the
 * status allows it (the API's workflow, mirrored in `introActions`). Two rounds of requests: the
 * lists, then the people and the drafts of the introductions under way. `/app/help#<id>` goes to one.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, useRegion, useT } from "../i18n";
import { IntroductionCard } from "./IntroductionCard";
import {
  WITH_DRAFT,
  introActions,
  type Introduction,
  type IntroductionView,
  type Opportunity,
} from "./introductionSteps";
import { Field, FormError, PageTitle, Show, errorText, useLoad } from "../ui/kit";
import { common } from "../ui/messages";

type Detail = Schemas["ContactDetail"];

export const helpWords = defineMessages({
  en: {
    title: "Help & introductions",
    lead: "Introduce people who can help each other: ask one first, then introduce them to each other, then ask how it went.",
    opportunities: "Who could help whom",
    noOpportunities: "No opportunity right now. Note what your contacts look for and can help with (when you log a touch, or on their page): Rapport matches them.",
    introduce: "Introduce them",
    dismiss: "Not this pair",
    reasonLabel: "Why they should meet",
    reasonHint: "Your words, in the messages you will send.",
    reasonDraft: "{need} is looking for “{need_label}” and {offer} can help with “{offer_label}”.",
    start: "Start the introduction",
    started: "Introduction started: ask {name} first.",
    dismissed: "This pair will not be proposed again.",
    underWay: "Introductions under way",
    noneUnderWay: "No introduction under way. Start one from an opportunity above, or from a contact’s page.",
    past: "Past introductions",
  },
  fr: {
    title: "Entraide et mises en relation",
    lead: "Présentez les personnes qui peuvent s’entraider\u202f: demandez d’abord à l’une, présentez-les l’une à l’autre, puis demandez comment cela s’est passé.",
    opportunities: "Qui peut aider qui",
    noOpportunities: "Aucune piste pour l’instant. Notez ce que vos contacts cherchent et proposent (en notant un échange, ou sur leur fiche)\u202f: Rapport les rapproche.",
    introduce: "Les présenter",
    dismiss: "Pas ce duo",
    reasonLabel: "Pourquoi se rencontrer",
    reasonHint: "Vos mots, repris dans les messages que vous enverrez.",
    reasonDraft: "{need} cherche «\u202f{need_label}\u202f» et {offer} peut aider pour «\u202f{offer_label}\u202f».",
    start: "Commencer la mise en relation",
    started: "Mise en relation commencée\u202f: demandez d’abord à {name}.",
    dismissed: "Ce duo ne sera plus proposé.",
    underWay: "Mises en relation en cours",
    noneUnderWay: "Aucune mise en relation en cours. Commencez-en une à partir d’une piste ci-dessus, ou depuis la fiche d’un contact.",
    past: "Mises en relation passées",
  },
});

interface Data {
  opportunities: Opportunity[];
  introductions: Introduction[];
  people: Map<string, Detail>;
  drafts: Map<string, IntroductionView["draft"]>;
}

export function Help() {
  const { api } = useApp();
  const t = useT(helpWords);
  const [said, setSaid] = useState("");
  const focusNext = useRef("");
  const [target, setTarget] = useState(() => location.hash.slice(1));
  const loaded = useLoad<Data>(async () => {
    const [opportunities, introductions] = await Promise.all([
      must(api.GET("/opportunities")).then((list) => list.items),
      must(api.GET("/introductions")).then((list) => list.items),
    ]);
    const ids = [...new Set(introductions.flatMap((intro) => intro.contact_ids))];
    const drafted = introductions.filter((intro) => WITH_DRAFT.includes(intro.status ?? "suggested"));
    const [people, views] = await Promise.all([
      Promise.all(
        ids.map((id) =>
          must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } })).catch(() => undefined),
        ),
      ),
      Promise.all(
        drafted.map((intro) =>
          must(
            api.GET("/introductions/{introduction_id}", {
              params: { path: { introduction_id: intro.introduction_id } },
            }),
          ),
        ),
      ),
    ]);
    return {
      opportunities,
      introductions,
      people: new Map(people.filter((p): p is Detail => !!p).map((p) => [p.contact_id, p])),
      drafts: new Map(views.map((view) => [view.introduction_id, view.draft])),
    };
  }, [api]);
  useEffect(() => {
    const follow = () => setTarget(location.hash.slice(1));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  useEffect(() => {
    if (!loaded.data) return;
    if (focusNext.current) {
      document.getElementById(focusNext.current)?.focus();
      focusNext.current = "";
    } else if (target) {
      document.getElementById(target)?.scrollIntoView({ block: "start" });
    }
  }, [loaded.data, target]);
  const changed = (message: string, introductionId?: string) => {
    setSaid(message);
    focusNext.current = introductionId ?? "";
    loaded.reload();
  };
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <p class="lead">{t("lead")}</p>
      <p class="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      <Show loaded={loaded}>
        {(data) => {
          const { opportunities } = data; // without the pairs introduced: the API leaves them out
          const current = data.introductions.filter((intro) => introActions(intro.status ?? "suggested").length > 0);
          const past = data.introductions.filter((intro) => introActions(intro.status ?? "suggested").length === 0);
          const card = (intro: Introduction) => (
            <IntroductionCard
              key={intro.introduction_id}
              intro={intro}
              people={data.people}
              draft={data.drafts.get(intro.introduction_id)}
              targeted={target === intro.introduction_id}
              onChanged={changed}
            />
          );
          return (
            <>
              <section aria-labelledby="help-opportunities">
                <h2 id="help-opportunities">{t("opportunities")}</h2>
                {opportunities.length === 0 ? (
                  <p class="empty">{t("noOpportunities")}</p>
                ) : (
                  <ul class="cards">
                    {opportunities.map((opportunity) => (
                      <OpportunityCard key={opportunity.opportunity_id} opportunity={opportunity} onChanged={changed} />
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="help-intros">
                <h2 id="help-intros">{t("underWay")}</h2>
                {current.length === 0 ? (
                  <p class="empty">{t("noneUnderWay")}</p>
                ) : (
                  <ul class="cards intros">{current.map(card)}</ul>
                )}
              </section>
              {past.length > 0 && (
                <section aria-labelledby="help-past">
                  <h2 id="help-past">{t("past")}</h2>
                  <ul class="cards intros">{past.map(card)}</ul>
                </section>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

function OpportunityCard({
  opportunity,
  onChanged,
}: {
  opportunity: Opportunity;
  onChanged: (said: string, introductionId?: string) => void;
}) {
  const { api } = useApp();
  const t = useT(helpWords);
  const tc = useT(common);
  const region = useRegion();
  const [introducing, setIntroducing] = useState(false);
  const [reason, setReason] = useState(() =>
    t("reasonDraft", {
      need: opportunity.need_contact_name,
      need_label: opportunity.need_label,
      offer: opportunity.offer_contact_name,
      offer_label: opportunity.offer_label,
    }),
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = opportunity.opportunity_id;
  const run = async (call: () => Promise<string | undefined>, said: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const introductionId = await call();
      onChanged(said, introductionId);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  const introduce = (event: Event) => {
    event.preventDefault();
    void run(
      async () =>
        (
          await must(
            api.POST("/introductions", {
              // The side asked first is the one whose help is wanted: the offer, then the need.
              body: { contact_ids: [opportunity.offer_contact_id, opportunity.need_contact_id], reason: reason.trim() },
            }),
          )
        ).introduction_id,
      t("started", { name: opportunity.offer_contact_name }),
    );
  };
  const dismiss = () =>
    run(async () => {
      await must(api.POST("/opportunities/{opportunity_id}/dismiss", { params: { path: { opportunity_id: id } } }));
      return undefined;
    }, t("dismissed"));
  const reasonError = error instanceof ApiError ? error.fields.reason : undefined;
  return (
    <li class="card opportunity">
      <p class="sentence">{opportunity.sentence}</p>
      <p class="muted">
        <a href={`/app/contacts/${opportunity.need_contact_id}`}>{opportunity.need_contact_name}</a>
        {" · "}
        <a href={`/app/contacts/${opportunity.offer_contact_id}`}>{opportunity.offer_contact_name}</a>
        {" · "}
        {formatDate(opportunity.found_at, region)}
      </p>
      {error !== undefined && !introducing && (
        <p class="field-error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
      {!introducing ? (
        <div class="buttons">
          <button type="button" class="button primary" disabled={busy} onClick={() => setIntroducing(true)}>
            {t("introduce")}
          </button>
          <button type="button" class="button quiet" disabled={busy} onClick={dismiss}>
            {t("dismiss")}
          </button>
        </div>
      ) : (
        <form class="form" onSubmit={introduce}>
          <Field label={t("reasonLabel")} id={`reason-${id}`} hint={t("reasonHint")} error={reasonError}>
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                maxLength={500}
                value={reason}
                onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <FormError error={error} />
          <div class="buttons">
            <button type="submit" class="button primary" disabled={busy || !reason.trim()}>
              {t("start")}
            </button>
            <button type="button" class="button quiet" onClick={() => setIntroducing(false)}>
              {tc("cancel")}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
