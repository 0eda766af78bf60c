/**
 * To meet: the people the networker wants to meet, high priority first, each with why, where they
 * come from and the best warm path ("Ask Paul to introduce you"). Two rounds of requests at most:
 * the list (pages as you scroll), then the warm paths of the people shown, in parallel.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { must, type Contact } from "../api/client";
import { useApp } from "../app";
import { defineMessages, useRegion, useT } from "../i18n";
import { PageTitle, errorText, useLoad } from "../ui/kit";
import { common } from "../ui/messages";

const messages = defineMessages({
  en: {
    title: "To meet",
    add: "Add someone to meet",
    lead: "The people you want to meet, the most important first.",
    why: "Why: {why}",
    origin: "From: {origin}",
    high: "High priority",
    normal: "Normal priority",
    low: "Low priority",
    askIntro: "Ask {first} to introduce you",
    via: "via {chain}",
    noPath: "Nobody you know knows them yet: reach out directly, or note who knows them on their page.",
    open: "Open",
    openNamed: "Open {name}",
    logTouchNamed: "Log a touch with {name}",
    empty: "Nobody to meet yet. Add the people you want to meet, with why and how much it matters: Rapport reminds you of them and finds who can introduce you.",
    emptyImport: "Connected on LinkedIn but never really met? Import your connections: they arrive here.",
    importLink: "Import from LinkedIn",
    shown: "{count} people to meet shown",
  },
  fr: {
    title: "À rencontrer",
    add: "Ajouter quelqu’un à rencontrer",
    lead: "Les personnes que vous voulez rencontrer, les plus importantes d’abord.",
    why: "Pourquoi\u202f: {why}",
    origin: "Origine\u202f: {origin}",
    high: "Priorité haute",
    normal: "Priorité normale",
    low: "Priorité basse",
    askIntro: "Demandez à {first} de vous présenter",
    via: "par {chain}",
    noPath: "Personne de votre entourage ne le ou la connaît encore\u202f: prenez contact directement, ou notez qui le ou la connaît sur sa fiche.",
    open: "Ouvrir",
    openNamed: "Ouvrir {name}",
    logTouchNamed: "Noter un échange avec {name}",
    empty: "Personne à rencontrer pour l’instant. Ajoutez les personnes que vous voulez rencontrer, avec pourquoi et l’importance que cela a\u202f: Rapport vous les rappelle et trouve qui peut vous présenter.",
    emptyImport: "Connectés sur LinkedIn sans vous être vraiment rencontrés\u202f? Importez vos relations\u202f: elles arrivent ici.",
    importLink: "Importer depuis LinkedIn",
    shown: "{count} personnes à rencontrer affichées",
  },
});

const PAGE = 20;
const RANK: Record<string, number> = { high: 0, normal: 1, low: 2 };

/** High, normal, low; then by name, as the networker's language sorts names (accents ignored). */
export function byPriority(contacts: Contact[], locale: string): Contact[] {
  const names = new Intl.Collator(locale, { sensitivity: "base" });
  return [...contacts].sort(
    (a, b) => (RANK[a.priority ?? "normal"] ?? 1) - (RANK[b.priority ?? "normal"] ?? 1) || names.compare(a.name, b.name),
  );
}

/** "Paul" for "Paul Martin", as the digest says it. */
function firstName(name: string): string {
  return name.split(" ")[0] || name;
}

export function ToMeet() {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const [items, setItems] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const end = useRef<HTMLDivElement>(null);
  const { locale } = useRegion();

  const load = async (from: string | null) => {
    setLoading(true);
    try {
      const page = await must(
        api.GET("/contacts", { params: { query: { stage: "to_meet", limit: PAGE, cursor: from ?? undefined } } }),
      );
      setItems((before) => (from ? [...before, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => void load(null), []);
  useEffect(() => {
    if (!end.current || !cursor || loading || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void load(cursor);
    });
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [cursor, loading]);

  return (
    <>
      <PageTitle
        actions={
          <a class="button primary" href="/app/contacts/new?stage=to_meet">
            {t("add")}
          </a>
        }
      >
        {t("title")}
      </PageTitle>
      {error !== undefined && (
        <div class="notice error" role="alert">
          <p>{errorText(error, tc)}</p>
          <button type="button" class="button" onClick={() => void load(null)}>
            {tc("retry")}
          </button>
        </div>
      )}
      <p class="sr-only" role="status">
        {loading ? tc("loading") : t("shown", { count: items.length })}
      </p>
      {!loading && !error && items.length === 0 ? (
        <div class="empty">
          <p>{t("empty")}</p>
          <p>{t("emptyImport")}</p>
          <div class="buttons">
            <a class="button primary" href="/app/contacts/new?stage=to_meet">
              {t("add")}
            </a>
            <a class="button" href="/app/imports">
              {t("importLink")}
            </a>
          </div>
        </div>
      ) : (
        items.length > 0 && <p class="lead">{t("lead")}</p>
      )}
      <ul class="cards to-meet">
        {byPriority(items, locale).map((contact) => (
          <PersonCard key={contact.contact_id} contact={contact} />
        ))}
      </ul>
      <div ref={end} aria-hidden="true" class="sentinel" />
      {loading && <p class="muted">{tc("loading")}</p>}
      {cursor && !loading && (
        <button type="button" class="button" onClick={() => void load(cursor)}>
          {tc("more")}
        </button>
      )}
    </>
  );
}

function PersonCard({ contact }: { contact: Contact }) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const paths = useLoad(
    () => must(api.GET("/contacts/{contact_id}/paths", { params: { path: { contact_id: contact.contact_id } } })),
    [contact.contact_id],
  );
  const best = paths.data?.paths[0];
  const priority = contact.priority ?? "normal";
  return (
    <li class={`card person priority-${priority}`}>
      <div class="who">
        <a class="name" href={`/app/contacts/${contact.contact_id}`}>
          {contact.name}
        </a>
        <span class={priority === "high" ? "badge warn" : "badge"}>{t(priority)}</span>
      </div>
      {(contact.title || contact.company) && (
        <p class="muted">{[contact.title, contact.company].filter(Boolean).join(" · ")}</p>
      )}
      {contact.why && <p>{t("why", { why: contact.why })}</p>}
      {contact.origin && <p class="muted">{t("origin", { origin: contact.origin })}</p>}
      <div class="path" aria-busy={paths.loading}>
        {best ? (
          <p>
            <strong>{t("askIntro", { first: firstName(best.steps[0]?.name ?? "") })}</strong>
            {best.steps.length > 1 && (
              <span class="muted">
                {" "}
                · {t("via", { chain: [...best.steps.map((step) => step.name), contact.name].join(" → ") })}
              </span>
            )}
          </p>
        ) : (
          paths.data && <p class="muted">{t("noPath")}</p>
        )}
      </div>
      <div class="buttons">
        <a class="button" href={`/app/log?contact=${encodeURIComponent(contact.contact_id)}`} aria-label={t("logTouchNamed", { name: contact.name })}>
          {tc("logTouch")}
        </a>
        <a class="button" href={`/app/contacts/${contact.contact_id}`} aria-label={t("openNamed", { name: contact.name })}>
          {t("open")}
        </a>
      </div>
    </li>
  );
}
