/** Choosing contacts by typing a few letters (accents and case ignored, as the API's `q` folds them);
 * with nothing typed, the people due come first, one tap each. */
import { useEffect, useRef, useState } from "preact/hooks";
import { must } from "../api/client";
import { useApp } from "../app";
import { defineMessages, useT } from "../i18n";
import { keepPeople, keptPeople, type Person } from "../offline/people";

const messages = defineMessages({
  en: {
    search: "Search your contacts",
    remove: "Remove {name}",
    noMatch: "Nobody called “{q}”. ",
    create: "Add {q} as a contact",
    suggestions: "Suggestions",
    offlineSearch: "No network: among the people seen lately on this device.",
  },
  fr: {
    search: "Chercher dans vos contacts",
    remove: "Retirer {name}",
    noMatch: "Personne ne s’appelle «\u202f{q}\u202f». ",
    create: "Ajouter {q} aux contacts",
    suggestions: "Suggestions",
    offlineSearch: "Pas de réseau\u202f: parmi les personnes vues récemment sur cet appareil.",
  },
});

export function ContactPicker({
  chosen,
  onChoose,
  onRemove,
}: {
  chosen: { contact_id: string; name: string }[];
  onChoose: (contact: Person) => void;
  onRemove: (contactId: string) => void;
}) {
  const { api, profile } = useApp();
  const networkerId = profile.networker_id;
  const t = useT(messages);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Person[]>([]);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () => {
        const request = q.trim()
          ? must(api.GET("/contacts", { params: { query: { q: q.trim(), limit: 8 } } })).then((page) => page.items)
          : must(api.GET("/due")).then((due) => due.items.map((item) => item.contact).slice(0, 6));
        request.then(
          (items) => {
            keepPeople(networkerId, items);
            if (current) (setFound(items), setOffline(false));
          },
          (failure: unknown) => {
            if (!current) return;
            const unreachable = failure instanceof TypeError; // no network: the people seen lately
            setOffline(unreachable);
            setFound(unreachable ? keptPeople(networkerId, q).slice(0, 8) : []);
          },
        );
      },
      q ? 150 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q]);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  /** The arrow keys go from the search to the choices and among them; Escape goes back to the search. */
  const step = (from: Element, by: number) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>("button.choice") ?? [])];
    const next = buttons[buttons.indexOf(from as HTMLButtonElement) + by];
    (next ?? (by < 0 ? search.current : null))?.focus();
  };
  const moveAmongChoices = (event: KeyboardEvent) => {
    const by = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (by !== undefined) (event.preventDefault(), step(event.target as Element, by));
    if (event.key === "Escape") search.current?.focus();
  };
  const ids = new Set(chosen.map((person) => person.contact_id));
  const choices = found.filter((contact) => !ids.has(contact.contact_id));
  return (
    <div class="picker">
      {chosen.length > 0 && (
        <ul class="chosen">
          {chosen.map((person) => (
            <li key={person.contact_id} class="chip selected">
              {person.name}
              <button
                type="button"
                class="remove"
                aria-label={t("remove", { name: person.name })}
                onClick={() => onRemove(person.contact_id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="picker-search" class="sr-only">
        {t("search")}
      </label>
      <input
        id="picker-search"
        type="search"
        autoComplete="off"
        placeholder={t("search")}
        value={q}
        onInput={(event) => setQ((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={(event) => event.key === "ArrowDown" && (event.preventDefault(), step(event.currentTarget, 1))}
        ref={search}
      />
      {choices.length > 0 && (
        <ul class="choices" aria-label={t("suggestions")} onKeyDown={moveAmongChoices} ref={list}>
          {choices.map((contact) => (
            <li key={contact.contact_id}>
              <button
                type="button"
                class="choice"
                onClick={() => {
                  onChoose(contact);
                  setQ("");
                  search.current?.focus(); // the next name, or on to what happened
                }}
              >
                <span class="name">{contact.name}</span>
                {contact.company && <span class="muted"> · {contact.company}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {offline && <p class="hint">{t("offlineSearch")}</p>}
      {q.trim() && choices.length === 0 && !offline && (
        <p class="muted">
          {t("noMatch", { q: q.trim() })}
          <a href={`/app/contacts/new?name=${encodeURIComponent(q.trim())}`}>{t("create", { q: q.trim() })}</a>
        </p>
      )}
    </div>
  );
}
