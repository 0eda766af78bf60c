/**
 * Mail: the inbound address (copy, rotate), the mail kept aside instead of logged (log it anyway,
 * discard) and the people seen in mail who are not contacts yet (add, ignore).
 */
import { useRef, useState } from "preact/hooks";
import { must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, formatTime, useRegion, useT } from "../i18n";
import { ActionError, PageTitle, Show, useAction, useLoad } from "../ui/kit";
import { reasonSentences, reasonWords } from "../ui/mailWords";
import { InboundAddress } from "./InboundAddress";

type Quarantined = Schemas["Quarantined"];
type Suggestion = Schemas["Suggestion"];
type Accepted = Schemas["Accepted"];

const messages = defineMessages({
  en: {
    title: "Mail",
    keptTitle: "Kept aside",
    keptIntro: "Mail sent to your address that was not logged. Log it anyway, or discard it.",
    keptEmpty:
      "Nothing kept aside. When a message cannot be logged on its own (a sender that is not you, nobody known in it), it waits here for you.",
    from: "From {who}",
    unknownSender: "an unknown sender",
    you: "you ({email})",
    with: "With {names}",
    noSubject: "(no subject)",
    received: "Received {day} at {time}",
    why: "Why it was not logged",
    technical: "Technical details",
    keptUntil: "Deleted on its own on {day}.",
    release: "Log it anyway",
    discard: "Discard",
    released: "Logged: “{subject}”.",
    discarded: "Discarded: “{subject}”.",
    peopleTitle: "People in your mail",
    peopleIntro: "They were in mail you logged but are not contacts yet.",
    peopleEmpty:
      "No one to suggest. When you BCC or forward mail with someone who is not a contact yet, they appear here.",
    seenOne: "In 1 message, {day}",
    seenMany: "In {count} messages, last {day}",
    accept: "Add as a contact",
    ignore: "Ignore",
    ignored: "{name} will not be suggested again.",
    added: "{name} is now a contact.",
    addedLogged: "{name} is now a contact; {count} {count|message that was|messages that were} waiting for them {count|is|are} logged.",
    open: "Open {name}",
  },
  fr: {
    title: "Courrier",
    keptTitle: "Mis de côté",
    keptIntro: "Les messages envoyés à votre adresse qui n’ont pas été notés. Notez-les quand même, ou supprimez-les.",
    keptEmpty:
      "Rien de mis de côté. Quand un message ne peut pas être noté tout seul (un expéditeur qui n’est pas vous, personne de connu dedans), il vous attend ici.",
    from: "De {who}",
    unknownSender: "un expéditeur inconnu",
    you: "vous ({email})",
    with: "Avec {names}",
    noSubject: "(sans objet)",
    received: "Reçu le {day} à {time}",
    why: "Pourquoi il n’a pas été noté",
    technical: "Détails techniques",
    keptUntil: "Supprimé de lui-même le {day}.",
    release: "Le noter quand même",
    discard: "Supprimer",
    released: "Noté\u202f: «\u202f{subject}\u202f».",
    discarded: "Supprimé\u202f: «\u202f{subject}\u202f».",
    peopleTitle: "Personnes dans vos messages",
    peopleIntro: "Elles étaient dans des messages notés mais ne sont pas encore des contacts.",
    peopleEmpty:
      "Personne à suggérer. Quand vous mettez en Cci ou transférez un message avec quelqu’un qui n’est pas encore un contact, il apparaît ici.",
    seenOne: "Dans 1 message, le {day}",
    seenMany: "Dans {count} messages, dernier le {day}",
    accept: "Ajouter aux contacts",
    ignore: "Ignorer",
    ignored: "{name} ne sera plus suggéré.",
    added: "{name} est maintenant un contact.",
    addedLogged: "{name} est maintenant un contact\u202f; {count} {count|message en attente est noté|messages en attente sont notés}.",
    open: "Ouvrir la fiche de {name}",
  },
});

interface MailData {
  kept: Quarantined[];
  people: Suggestion[];
}

export function Mail() {
  const { api } = useApp();
  const t = useT(messages);
  const loaded = useLoad<MailData>(async () => {
    const [kept, people] = await Promise.all([
      must(api.GET("/inbound/quarantine")),
      must(api.GET("/inbound/suggestions")),
    ]);
    return { kept: kept.items, people: people.items };
  }, [api]);
  const [said, setSaid] = useState("");
  const [added, setAdded] = useState<Accepted[]>([]);
  const acted = (message: string) => {
    setSaid(message);
    loaded.reload();
  };
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <InboundAddress />
      <p class="sr-only" role="status">
        {said}
      </p>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <Kept items={data.kept} onActed={acted} />
            <People
              items={data.people}
              added={added}
              onAdded={(accepted) => {
                setAdded([accepted, ...added]);
                acted(""); // the notice of who was added is announced where it shows
              }}
              onActed={acted}
            />
          </>
        )}
      </Show>
    </>
  );
}

function Kept({ items, onActed }: { items: Quarantined[]; onActed: (said: string) => void }) {
  const t = useT(messages);
  const heading = useRef<HTMLHeadingElement>(null);
  const done = (said: string) => {
    heading.current?.focus(); // the card that had the focus is gone
    onActed(said);
  };
  return (
    <section aria-labelledby="mail-kept">
      <h2 id="mail-kept" ref={heading} tabIndex={-1}>
        {t("keptTitle")}
      </h2>
      {items.length === 0 ? (
        <p class="empty">{t("keptEmpty")}</p>
      ) : (
        <>
          <p class="muted">{t("keptIntro")}</p>
          <ul class="cards">
            {items.map((item) => (
              <KeptCard key={item.quarantine_id} item={item} onActed={done} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function KeptCard({ item, onActed }: { item: Quarantined; onActed: (said: string) => void }) {
  const { api, profile } = useApp();
  const t = useT(messages);
  const tr = useT(reasonWords);
  const region = useRegion();
  const { busy, error, act: run } = useAction();
  const subject = item.subject || t("noSubject");
  const mine = profile.emails.some((own) => own.address.toLowerCase() === item.sender?.email.toLowerCase());
  const who = mine ? t("you", { email: item.sender!.email }) : item.sender ? person(item.sender) : t("unknownSender");
  const others = (item.participants ?? []).filter((one) => one.email !== item.sender?.email);
  const path = { params: { path: { quarantine_id: item.quarantine_id } } };
  const act = (call: () => Promise<unknown>, said: string) => run(call, () => onActed(said));
  return (
    <li class="card kept">
      <p class="name">{subject}</p>
      <p class="people">{t("from", { who })}</p>
      {others.length > 0 && <p class="people">{t("with", { names: others.map(person).join(", ") })}</p>}
      <p class="muted">
        <time dateTime={item.received_at}>
          {t("received", { day: formatDate(item.received_at, region), time: formatTime(item.received_at, region) })}
        </time>
      </p>
      {item.summary && <p class="summary">{item.summary}</p>}
      <p class="why">{t("why")}</p>
      <ul class="list reasons">
        {reasonSentences(item.reasons, tr).map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <details class="technical">
        <summary>{t("technical")}</summary>
        <ul class="list">
          {item.reasons.map((reason, index) => (
            <li key={index} lang="en">
              {reason.detail}
            </li>
          ))}
        </ul>
      </details>
      <p class="hint">{t("keptUntil", { day: formatDate(item.expires_at, region) })}</p>
      <ActionError error={error} />
      <div class="buttons">
        <button
          type="button"
          class="button primary"
          disabled={busy}
          onClick={() =>
            act(
              () => must(api.POST("/inbound/quarantine/{quarantine_id}/release", path)),
              t("released", { subject }),
            )
          }
        >
          {t("release")}
        </button>
        <button
          type="button"
          class="button quiet"
          disabled={busy}
          onClick={() =>
            act(() => must(api.DELETE("/inbound/quarantine/{quarantine_id}", path)), t("discarded", { subject }))
          }
        >
          {t("discard")}
        </button>
      </div>
    </li>
  );
}

function People(props: {
  items: Suggestion[];
  added: Accepted[];
  onAdded: (accepted: Accepted) => void;
  onActed: (said: string) => void;
}) {
  const t = useT(messages);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="mail-people">
      <h2 id="mail-people" ref={heading} tabIndex={-1}>
        {t("peopleTitle")}
      </h2>
      <div role="status">
        {props.added.map(({ contact, released }) => (
          <div key={contact.contact_id} class="notice success">
            <p>
              {released.length
                ? t("addedLogged", { name: contact.name, count: released.length })
                : t("added", { name: contact.name })}
            </p>
            <a href={`/app/contacts/${contact.contact_id}`}>{t("open", { name: contact.name })}</a>
          </div>
        ))}
      </div>
      {props.items.length === 0 ? (
        <p class="empty">{t("peopleEmpty")}</p>
      ) : (
        <>
          <p class="muted">{t("peopleIntro")}</p>
          <ul class="cards">
            {props.items.map((item) => (
              <PersonCard
                key={item.email}
                item={item}
                onAdded={(accepted) => {
                  heading.current?.focus();
                  props.onAdded(accepted);
                }}
                onActed={(said) => {
                  heading.current?.focus();
                  props.onActed(said);
                }}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PersonCard(props: {
  item: Suggestion;
  onAdded: (accepted: Accepted) => void;
  onActed: (said: string) => void;
}) {
  const { api } = useApp();
  const t = useT(messages);
  const region = useRegion();
  const { item } = props;
  const { busy, error, act } = useAction();
  const name = item.name || item.email;
  const path = { params: { path: { email: item.email } } };
  const accept = () =>
    act(async () => {
      props.onAdded(await must(api.POST("/inbound/suggestions/{email}/accept", { ...path, body: {} })));
    });
  const ignore = () =>
    act(async () => {
      await must(api.POST("/inbound/suggestions/{email}/ignore", path));
      props.onActed(t("ignored", { name }));
    });
  const day = formatDate(item.last_seen_at, region);
  return (
    <li class="card person">
      <p class="name">{name}</p>
      {item.name && <p class="email">{item.email}</p>}
      <p class="muted">{item.seen === 1 ? t("seenOne", { day }) : t("seenMany", { count: item.seen, day })}</p>
      <ActionError error={error} />
      <div class="buttons">
        <button type="button" class="button primary" disabled={busy} onClick={() => void accept()}>
          {t("accept")}
        </button>
        <button type="button" class="button quiet" disabled={busy} onClick={() => void ignore()}>
          {t("ignore")}
        </button>
      </div>
    </li>
  );
}

function person(who: Schemas["Person"]): string {
  return who.name ? `${who.name} <${who.email}>` : who.email;
}

