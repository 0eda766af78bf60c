/** The calendar feed: its secret address to copy or subscribe to (webcal://), how to add it to a
 * calendar app, and a new address when it leaked (the old one stops at once). */
import { useApp } from "../../app";
import { defineMessages, useT } from "../../i18n";
import { RotateConfirm, useSecretAddress } from "../../ui/secretAddress";

const messages = defineMessages({
  en: {
    title: "Your calendar",
    intro: "Follow-ups, birthdays, planned meetings with their briefs and introductions to follow up, in your calendar app. It updates itself.",
    none: "The calendar feed is not set up on this Rapport.",
    address: "Your calendar’s address",
    subscribe: "Subscribe",
    copy: "Copy the address",
    copied: "Copied. Paste it in your calendar app as a calendar from the internet.",
    copyByHand: "Your browser would not copy it: it is selected, copy it yourself.",
    how: "How to add it",
    google: "Google Calendar: on a computer, Other calendars, +, From URL: paste the address. Google refreshes it every few hours.",
    apple: "Apple Calendar (iPhone, Mac): press Subscribe above, or File, New Calendar Subscription, and paste the address.",
    outlook: "Outlook: Add calendar, Subscribe from web: paste the address and name it Rapport.",
    secret: "Anyone with this address sees these dates: keep it to yourself.",
    rotate: "Get a new address",
    confirmTitle: "Get a new address?",
    confirm: "The current address stops working at once: calendars subscribed to it no longer update. Subscribe again with the new one.",
    confirmYes: "Yes, get a new address",
    rotated: "Your new address is ready: subscribe to it again in your calendar apps.",
  },
  fr: {
    title: "Votre agenda",
    intro: "Relances, anniversaires, rendez-vous prévus avec leurs notes et mises en relation à suivre, dans votre agenda. Il se met à jour tout seul.",
    none: "Le flux d’agenda n’est pas configuré sur ce Rapport.",
    address: "L’adresse de votre agenda",
    subscribe: "S’abonner",
    copy: "Copier l’adresse",
    copied: "Copiée. Collez-la dans votre agenda comme agenda internet.",
    copyByHand: "Votre navigateur n’a pas pu la copier\u202f: elle est sélectionnée, copiez-la vous-même.",
    how: "Comment l’ajouter",
    google: "Google Agenda\u202f: sur un ordinateur, Autres agendas, +, À partir de l’URL\u202f: collez l’adresse. Google l’actualise toutes les quelques heures.",
    apple: "Calendrier d’Apple (iPhone, Mac)\u202f: touchez S’abonner ci-dessus, ou Fichier, Nouvel abonnement à un calendrier, et collez l’adresse.",
    outlook: "Outlook\u202f: Ajouter un calendrier, S’abonner à partir du web\u202f: collez l’adresse et nommez-le Rapport.",
    secret: "Quiconque a cette adresse voit ces dates\u202f: gardez-la pour vous.",
    rotate: "Obtenir une nouvelle adresse",
    confirmTitle: "Obtenir une nouvelle adresse\u202f?",
    confirm: "L’adresse actuelle cesse de fonctionner aussitôt\u202f: les agendas abonnés ne se mettent plus à jour. Abonnez-vous de nouveau avec la nouvelle.",
    confirmYes: "Oui, une nouvelle adresse",
    rotated: "Votre nouvelle adresse est prête\u202f: abonnez-vous de nouveau dans vos agendas.",
  },
});

export function CalendarFeedSection() {
  const { profile } = useApp();
  const t = useT(messages);
  const url = profile.calendar_feed_url;
  const { status, confirming, setConfirming, busy, error, shown, rotateButton, copy, rotate } = useSecretAddress(
    url,
    "/me/calendar-feed/rotate",
    { copied: t("copied"), copyByHand: t("copyByHand"), rotated: t("rotated") },
  );

  return (
    <section class="card setting calendar-feed" aria-labelledby="settings-calendar">
      <h2 id="settings-calendar">{t("title")}</h2>
      {!url ? (
        <p class="hint">{t("none")}</p>
      ) : (
        <>
          <p>{t("intro")}</p>
          <p class="label" id="calendar-address">
            {t("address")}
          </p>
          <p class="address">
            <code ref={shown} aria-labelledby="calendar-address">
              {url}
            </code>
          </p>
          <div class="buttons">
            {profile.calendar_feed_webcal && (
              <a class="button primary" href={profile.calendar_feed_webcal}>
                {t("subscribe")}
              </a>
            )}
            <button type="button" class="button" onClick={() => void copy()}>
              {t("copy")}
            </button>
          </div>
          <p class="status" role="status">
            {status}
          </p>
          <details class="how">
            <summary>{t("how")}</summary>
            <ul class="list">
              <li>{t("google")}</li>
              <li>{t("apple")}</li>
              <li>{t("outlook")}</li>
            </ul>
          </details>
          <p class="hint">{t("secret")}</p>
          <div class="buttons">
            <button
              type="button"
              class="button quiet"
              ref={rotateButton}
              aria-expanded={confirming}
              aria-controls="calendar-rotate"
              onClick={() => setConfirming(!confirming)}
            >
              {t("rotate")}
            </button>
          </div>
          {confirming && (
            <RotateConfirm
              id="calendar-rotate"
              words={{ confirmTitle: t("confirmTitle"), confirm: t("confirm"), confirmYes: t("confirmYes") }}
              busy={busy}
              error={error}
              rotate={rotate}
              cancel={() => setConfirming(false)}
            />
          )}
        </>
      )}
    </section>
  );
}
