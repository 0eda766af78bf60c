/**
 * A contact's page: health and next follow-up, the touches newest first, cadence, needs and
 * offers, who they know and the warm paths to them, introductions and meetings. Everything is
 * read at once (one round of requests, in parallel).
 *
 * Follow-up dates are recomputed downstream of the touch (the stream): right after a touch is
 * logged, the page reads again until the contact shows it, a few times at most.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, relativeDay, useRegion, useT } from "../i18n";
import { contactWords } from "../ui/contactWords";
import { kindMessages } from "../ui/kinds";
import { PageTitle, Show, errorText, useLoad } from "../ui/kit";
import { common } from "../ui/messages";
import { SourceMark } from "../ui/sources";

type Detail = Schemas["ContactDetail"];

const messages = defineMessages({
  en: {
    health: "Relationship health",
    healthValue: "{value} out of 100",
    nextFollowUp: "Next touch",
    noFollowUp: "No follow-up planned",
    lastTouch: "Last touch {when}",
    never: "No touch logged yet",
    cadence: "Every {ideal} days, {max} at most",
    touches: "Touches",
    noTouches: "No touch yet. Log the first one.",
    needs: "Looking for",
    offers: "Can help with",
    knows: "Knows",
    paths: "Warm paths",
    askIntroPath: "Ask {first} to introduce you: {path}",
    noPath: "Nobody you know knows them yet.",
    introductions: "Introductions",
    meetings: "Meetings",
    deleteConfirm: "Delete {name} and their touches? This cannot be undone.",
    updating: "Updating the follow-up…",
    logged: "Touch logged.",
    notFound: "This contact does not exist, or is not yours.",
    why: "Why: {why}",
    details: "Details",
    emails: "Email",
    phones: "Phone",
    linkedin: "LinkedIn",
    linkedinProfile: "Profile",
    tags: "Tags",
    howWeMet: "How you met",
    notes: "Notes",
  },
  fr: {
    health: "Santé de la relation",
    healthValue: "{value} sur 100",
    nextFollowUp: "Prochain échange",
    noFollowUp: "Aucune relance prévue",
    lastTouch: "Dernier échange {when}",
    never: "Aucun échange noté",
    cadence: "Tous les {ideal} jours, {max} au plus",
    touches: "Échanges",
    noTouches: "Aucun échange pour l’instant. Notez le premier.",
    needs: "Cherche",
    offers: "Peut aider pour",
    knows: "Connaît",
    paths: "Chemins chaleureux",
    askIntroPath: "Demandez à {first} de vous présenter\u202f: {path}",
    noPath: "Personne de votre entourage ne le ou la connaît encore.",
    introductions: "Mises en relation",
    meetings: "Rendez-vous",
    deleteConfirm: "Supprimer {name} et ses échanges\u202f? C’est définitif.",
    updating: "Mise à jour de la relance…",
    logged: "Échange noté.",
    notFound: "Ce contact n’existe pas, ou n’est pas le vôtre.",
    why: "Pourquoi\u202f: {why}",
    details: "Coordonnées",
    emails: "E-mail",
    phones: "Téléphone",
    linkedin: "LinkedIn",
    linkedinProfile: "Profil",
    tags: "Étiquettes",
    howWeMet: "Votre rencontre",
    notes: "Notes",
  },
});

interface Page {
  contact: Detail;
  touches: Schemas["Interaction"][];
  knows: Schemas["Known"][];
  paths: Schemas["Path"][];
  meetings: Schemas["Meeting"][];
}

const RECHECKS = 5;

export function ContactPage() {
  const { api } = useApp();
  const { params } = useRoute();
  const location = useLocation();
  const t = useT(messages);
  const id = params.id!;
  const justLogged = location.query.logged === "1";
  const [checks, setChecks] = useState(0);
  const path = { params: { path: { contact_id: id } } };
  const loaded = useLoad<Page>(async () => {
    const [contact, touches, knows, meetings] = await Promise.all([
      must(api.GET("/contacts/{contact_id}", path)),
      must(api.GET("/contacts/{contact_id}/interactions", { params: { path: { contact_id: id }, query: { limit: 20 } } })),
      must(api.GET("/contacts/{contact_id}/knows", path)),
      must(api.GET("/meetings")),
    ]);
    // Warm paths lead to people still to meet: asked only for them (a second, last round).
    const paths = contact.stage === "to_meet" ? await must(api.GET("/contacts/{contact_id}/paths", path)) : { paths: [] };
    return {
      contact,
      touches: touches.items,
      knows: knows.items,
      paths: paths.paths,
      meetings: meetings.items.filter((meeting) => meeting.contact_ids.includes(id)),
    };
  }, [id, checks]);
  const behind = justLogged && loaded.data !== undefined && !caughtUp(loaded.data);
  useEffect(() => {
    if (!behind || checks >= RECHECKS) return;
    const timer = setTimeout(() => setChecks(checks + 1), 400 * (checks + 1));
    return () => clearTimeout(timer);
  }, [behind, checks]);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) {
    return <p class="notice error" role="alert">{t("notFound")}</p>;
  }
  return (
    <Show loaded={loaded}>
      {(page) => <ContactView page={page} updating={behind && checks < RECHECKS} justLogged={justLogged} />}
    </Show>
  );
}

/** The contact shows the newest touch (its follow-up was recomputed). */
function caughtUp(page: Page): boolean {
  const newest = page.touches[0]?.occurred_at;
  return !newest || (page.contact.last_touch_at !== null && page.contact.last_touch_at !== undefined &&
    new Date(page.contact.last_touch_at) >= new Date(newest));
}

function ContactView({ page, updating, justLogged }: { page: Page; updating: boolean; justLogged: boolean }) {
  const { api } = useApp();
  const t = useT(messages);
  const tw = useT(contactWords);
  const tk = useT(kindMessages);
  const tc = useT(common);
  const region = useRegion();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const { contact } = page;
  const remove = async () => {
    if (!confirm(t("deleteConfirm", { name: contact.name }))) return;
    try {
      await must(api.DELETE("/contacts/{contact_id}", { params: { path: { contact_id: contact.contact_id } } }));
      location.route("/app/contacts");
    } catch (failure) {
      setError(failure);
    }
  };
  const cadence = contact.cadence_in_force;
  return (
    <article class="contact">
      <PageTitle
        actions={
          <>
            <a class="button primary" href={`/app/log?contact=${contact.contact_id}`}>
              {tc("logTouch")}
            </a>
            <a class="button" href={`/app/contacts/${contact.contact_id}/edit`}>
              {tc("edit")}
            </a>
            <button type="button" class="button quiet" onClick={remove}>
              {tc("delete")}
            </button>
          </>
        }
      >
        {contact.name}
      </PageTitle>
      {error !== undefined && <p class="notice error" role="alert">{errorText(error, tc)}</p>}
      {justLogged && <p class="notice success" role="status">{t("logged")}</p>}
      <p class="muted">
        {[contact.title, contact.company].filter(Boolean).join(" · ")}{" "}
        <span class="badge">{contact.stage === "met" ? tw(contact.circle) : tw("to_meet")}</span>
        {contact.status && contact.status !== "ok" && <span class="badge warn">{tw(contact.status)}</span>}
      </p>
      {contact.why && <p>{t("why", { why: contact.why })}</p>}
      <section class="facts" aria-label={t("health")}>
        {contact.health !== null && (
          <div class="fact">
            <span class="label" id="health-label">
              {t("health")}
            </span>
            <meter
              min={0}
              max={100}
              low={50}
              high={75}
              optimum={100}
              value={contact.health}
              aria-labelledby="health-label"
            />
            <span>{t("healthValue", { value: contact.health })}</span>
          </div>
        )}
        <div class="fact">
          <span class="label">{t("nextFollowUp")}</span>
          <strong data-testid="next-follow-up">
            {updating
              ? t("updating")
              : contact.next_follow_up_on
                ? `${formatDate(contact.next_follow_up_on, region, { weekday: "long" })} (${relativeDay(contact.next_follow_up_on, region)})`
                : t("noFollowUp")}
          </strong>
        </div>
        <div class="fact">
          <span class="label">{t("cadence", { ideal: cadence.ideal_days, max: cadence.max_days })}</span>
          <span>
            {contact.last_touch_at
              ? t("lastTouch", { when: formatDate(contact.last_touch_at, region) })
              : t("never")}
          </span>
        </div>
      </section>
      <Details contact={contact} />
      {(contact.needs?.length || contact.offers?.length) ? (
        <section class="wishes">
          {(["needs", "offers"] as const).map((side) =>
            contact[side]?.length ? (
              <div key={side}>
                <h2>{t(side)}</h2>
                <ul class="tags">
                  {contact[side]!.map((wish) => (
                    <li key={wish.label} class="tag">
                      {wish.label}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
        </section>
      ) : null}
      <section aria-labelledby="touches">
        <h2 id="touches">{t("touches")}</h2>
        {page.touches.length === 0 ? (
          <p class="empty">{t("noTouches")}</p>
        ) : (
          <ol class="timeline">
            {page.touches.map((touch) => (
              <li key={touch.interaction_id}>
                <time dateTime={touch.occurred_at}>{formatDate(touch.occurred_at, region, { year: "numeric" })}</time>
                <strong>{tk(touch.kind)}</strong>
                {touch.subject && <span> · {touch.subject}</span>}
                <SourceMark source={touch.source} />
                {touch.summary && <p>{touch.summary}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {page.knows.length > 0 && (
        <section aria-labelledby="knows">
          <h2 id="knows">{t("knows")}</h2>
          <ul class="list">
            {page.knows.map((known) => (
              <li key={known.contact_id}>
                <a href={`/app/contacts/${known.contact_id}`}>{known.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {contact.stage === "to_meet" && (
        <section aria-labelledby="paths">
          <h2 id="paths">{t("paths")}</h2>
          {page.paths.length === 0 ? (
            <p class="muted">{t("noPath")}</p>
          ) : (
            <ul class="list">
              {page.paths.map((path, index) => (
                <li key={index}>
                  {t("askIntroPath", {
                    first: path.steps[0]?.name ?? "",
                    path: [...path.steps.map((step) => step.name), contact.name].join(" → "),
                  })}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {contact.introductions.length > 0 && (
        <section aria-labelledby="intros">
          <h2 id="intros">{t("introductions")}</h2>
          <ul class="list">
            {contact.introductions.map((intro) => (
              <li key={intro.introduction_id}>
                <a href={`/app/help#${intro.introduction_id}`}>{intro.reason}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {page.meetings.length > 0 && (
        <section aria-labelledby="meetings">
          <h2 id="meetings">{t("meetings")}</h2>
          <ul class="list">
            {page.meetings.map((meeting) => (
              <li key={meeting.meeting_id}>
                <a href={`/app/meetings#${meeting.meeting_id}`}>
                  {formatDate(meeting.starts_at, region, { weekday: "long", hour: "2-digit", minute: "2-digit" })}
                </a>
                {meeting.goal && <span class="muted"> · {meeting.goal}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** How to reach them and what the networker noted: addresses as links (mail, call, profile). */
function Details({ contact }: { contact: Detail }) {
  const t = useT(messages);
  const rows: [string, ComponentChildren][] = [];
  if (contact.emails?.length) {
    rows.push([t("emails"), contact.emails.map((email) => <a key={email} href={`mailto:${email}`}>{email}</a>)]);
  }
  if (contact.phones?.length) {
    rows.push([t("phones"), contact.phones.map((phone) => <a key={phone} href={`tel:${phone.replace(/\s/g, "")}`}>{phone}</a>)]);
  }
  if (contact.linkedin_url?.startsWith("https://")) {
    rows.push([t("linkedin"), <a href={contact.linkedin_url} rel="noopener noreferrer" target="_blank">{t("linkedinProfile")}</a>]);
  }
  if (contact.tags?.length) rows.push([t("tags"), contact.tags.join(", ")]);
  if (contact.how_we_met) rows.push([t("howWeMet"), contact.how_we_met]);
  if (contact.notes) rows.push([t("notes"), <span class="notes">{contact.notes}</span>]);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="details">
      <h2 id="details">{t("details")}</h2>
      <dl class="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
