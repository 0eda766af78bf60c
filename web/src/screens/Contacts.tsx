/** Contacts: search as you type, filter by stage, circle, tag or who is due, pages as you scroll. */
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { must, type Contact } from "../api/client";
import { useApp } from "../app";
import { folded, keepPeople } from "../offline/people";
import { defineMessages, relativeDay, useRegion, useT } from "../i18n";
import { CIRCLES, STAGES, contactWords } from "../ui/contactWords";
import { PageTitle, errorText, useLoad } from "../ui/kit";
import { common } from "../ui/messages";

const messages = defineMessages({
  en: {
    title: "Contacts",
    add: "Add a contact",
    search: "Search by name, company or email",
    stage: "Stage",
    circle: "Circle",
    tag: "Tag",
    dueOnly: "Due only",
    any: "Any",
    none: "No contact matches.",
    empty: "No contacts yet. Add the people you want to keep in touch with, or import them from your phone, Google, Outlook or LinkedIn.",
    importLink: "Import contacts",
    next: "Next touch {when}",
    results: "{count} shown",
    duplicates: "{count} possible {count|duplicate|duplicates} to review",
  },
  fr: {
    title: "Contacts",
    add: "Ajouter un contact",
    search: "Chercher par nom, entreprise ou e-mail",
    stage: "Étape",
    circle: "Cercle",
    tag: "Étiquette",
    dueOnly: "À recontacter seulement",
    any: "Tous",
    none: "Aucun contact ne correspond.",
    empty: "Pas encore de contacts. Ajoutez les personnes avec qui garder le lien, ou importez-les depuis votre téléphone, Google, Outlook ou LinkedIn.",
    importLink: "Importer des contacts",
    next: "Prochain échange {when}",
    results: "{count} affichés",
    duplicates: "{count} {count|doublon possible|doublons possibles} à vérifier",
  },
});

export function matches(contact: Contact, filters: Filters): boolean {
  const haystack = folded([contact.name, contact.company ?? "", ...(contact.emails ?? [])].join(" "));
  return (
    (!filters.q.trim() || haystack.includes(folded(filters.q.trim()))) &&
    (!filters.stage || contact.stage === filters.stage) &&
    (!filters.circle || contact.circle === filters.circle) &&
    (!filters.tag.trim() || (contact.tags ?? []).includes(filters.tag.trim().toLowerCase()))
  );
}

export interface Filters {
  q: string;
  stage: string;
  circle: string;
  tag: string;
  due: boolean;
}

export function Contacts() {
  const { api, profile } = useApp();
  const t = useT(messages);
  const tw = useT(contactWords);
  const tc = useT(common);
  const location = useLocation();
  const [filters, setFilters] = useState<Filters>({
    q: location.query.q ?? "",
    stage: location.query.stage ?? "",
    circle: location.query.circle ?? "",
    tag: location.query.tag ?? "",
    due: location.query.due === "1",
  });
  const [items, setItems] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const round = useRef(0);
  const end = useRef<HTMLDivElement>(null);

  const load = async (from: string | null, replace: boolean) => {
    const mine = ++round.current;
    setLoading(true);
    try {
      let page: { items: Contact[]; next_cursor: string | null };
      if (filters.due) {
        // GET /due has no filters of its own: the others apply to its (short) list here.
        const due = await must(api.GET("/due"));
        page = { items: due.items.map((item) => item.contact).filter((contact) => matches(contact, filters)), next_cursor: null };
      } else {
        const query = {
          q: filters.q.trim() || undefined,
          stage: (filters.stage || undefined) as Contact["stage"] | undefined,
          circle: (filters.circle || undefined) as Contact["circle"] | undefined,
          tag: filters.tag.trim() || undefined,
          cursor: from ?? undefined,
          limit: 30,
        };
        page = await must(api.GET("/contacts", { params: { query } }));
      }
      if (mine !== round.current) return;
      keepPeople(profile.networker_id, page.items);
      setItems((before) => (replace ? page.items : [...before, ...page.items]));
      setCursor(page.next_cursor);
      setError(undefined);
    } catch (failure) {
      if (mine === round.current) setError(failure);
    } finally {
      if (mine === round.current) setLoading(false);
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => void load(null, true), filters.q ? 200 : 0);
    // In the address too: back from a contact, the list is the one left.
    const query = Object.entries({ ...filters, due: filters.due ? "1" : "" }).filter(([, value]) => value);
    history.replaceState(history.state, "", `/app/contacts${query.length ? "?" + new URLSearchParams(query) : ""}`);
    return () => clearTimeout(timer);
  }, [filters.q, filters.stage, filters.circle, filters.tag, filters.due]);

  useEffect(() => {
    if (!end.current || !cursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !loading) void load(cursor, false);
    });
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [cursor, loading]);

  const duplicates = useLoad(() => must(api.GET("/duplicates")).then((list) => list.items.length), [api]);
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  const filtered = filters.q || filters.stage || filters.circle || filters.tag || filters.due;
  return (
    <>
      <PageTitle
        actions={
          <a class="button primary" href="/app/contacts/new">
            {t("add")}
          </a>
        }
      >
        {t("title")}
      </PageTitle>
      {!!duplicates.data && (
        <p class="notice duplicates-link">
          <a href="/app/contacts/duplicates">{t("duplicates", { count: duplicates.data })}</a>
        </p>
      )}
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label for="contacts-q" class="sr-only">
          {t("search")}
        </label>
        <input
          id="contacts-q"
          type="search"
          placeholder={t("search")}
          value={filters.q}
          onInput={(event) => set({ q: (event.currentTarget as HTMLInputElement).value })}
        />
        <div class="filter-row">
          <label>
            {t("stage")}
            <select value={filters.stage} onChange={(event) => set({ stage: (event.currentTarget as HTMLSelectElement).value })}>
              <option value="">{t("any")}</option>
              {STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {tw(stage)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("circle")}
            <select value={filters.circle} onChange={(event) => set({ circle: (event.currentTarget as HTMLSelectElement).value })}>
              <option value="">{t("any")}</option>
              {CIRCLES.map((circle) => (
                <option key={circle} value={circle}>
                  {tw(circle)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("tag")}
            <input
              value={filters.tag}
              size={10}
              onChange={(event) => set({ tag: (event.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="check">
            <input type="checkbox" checked={filters.due} onChange={() => set({ due: !filters.due })} />
            {t("dueOnly")}
          </label>
        </div>
      </form>
      {error !== undefined && (
        <div class="notice error" role="alert">
          <p>{errorText(error, tc)}</p>
          <button type="button" class="button" onClick={() => void load(null, true)}>
            {tc("retry")}
          </button>
        </div>
      )}
      <p class="sr-only" role="status">
        {loading ? tc("loading") : t("results", { count: items.length })}
      </p>
      {!loading && items.length === 0 && !error && (
        <p class="empty">
          {filtered ? (
            t("none")
          ) : (
            <>
              {t("empty")} <a href="/app/imports">{t("importLink")}</a>
            </>
          )}
        </p>
      )}
      <ul class="contact-list">
        {items.map((contact) => (
          <ContactRow key={contact.contact_id} contact={contact} />
        ))}
      </ul>
      <div ref={end} aria-hidden="true" class="sentinel" />
      {loading && <p class="muted">{tc("loading")}</p>}
    </>
  );
}

function ContactRow({ contact }: { contact: Contact }) {
  const t = useT(messages);
  const tw = useT(contactWords);
  const region = useRegion();
  return (
    <li>
      <a class="contact-row" href={`/app/contacts/${contact.contact_id}`}>
        <span class="name">{contact.name}</span>
        <span class="muted">{[contact.title, contact.company].filter(Boolean).join(" · ")}</span>
        <span class="meta">
          <span class="badge">{contact.stage === "met" ? tw(contact.circle) : tw("to_meet")}</span>
          {contact.status && contact.status !== "ok" && <span class="badge warn">{tw(contact.status)}</span>}
          {contact.next_follow_up_on && (
            <span class="muted">{t("next", { when: relativeDay(contact.next_follow_up_on, region) })}</span>
          )}
        </span>
      </a>
    </li>
  );
}
