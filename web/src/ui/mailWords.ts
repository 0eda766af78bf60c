import type { Schemas } from "../api/client";
import { defineMessages, type Translate } from "../i18n";

type ReasonCode = Schemas["ReasonCode"];

/**
 * Why a message was kept aside, as a networker understands it: the API's reason codes, each with what
 * it means and what to do. (The API's `detail` is a technical English sentence, shown only on demand.)
 */
export const reasonWords = defineMessages({
  en: {
    ambiguous_sender:
      "Who sent it cannot be told for sure (its sender line is unusual), so it was not taken for yours.",
    unverified_sender:
      "It was not sent from one of your confirmed addresses, so it could be anyone’s. If the address is yours, add it in Settings and confirm it.",
    unauthenticated: "The sender’s address could not be checked: the message may be forged.",
    spam: "It looks like spam.",
    virus: "It may carry a virus.",
    unreadable: "Part of it could not be read (the sender, the date or the text).",
    no_contact: "Nobody in it is one of your contacts yet: add them from the suggestions and it is logged.",
    unknown: "It could not be logged automatically.",
  },
  fr: {
    ambiguous_sender:
      "On ne peut pas savoir avec certitude qui l’a envoyé (sa ligne d’expéditeur est inhabituelle)\u202f: il n’a pas été pris pour le vôtre.",
    unverified_sender:
      "Il n’a pas été envoyé depuis une de vos adresses confirmées\u202f: n’importe qui a pu l’envoyer. Si l’adresse est la vôtre, ajoutez-la dans les Réglages et confirmez-la.",
    unauthenticated: "L’adresse de l’expéditeur n’a pas pu être vérifiée\u202f: le message est peut-être falsifié.",
    spam: "Il ressemble à un spam.",
    virus: "Il contient peut-être un virus.",
    unreadable: "Une partie n’a pas pu être lue (l’expéditeur, la date ou le texte).",
    no_contact:
      "Personne dedans n’est encore un de vos contacts\u202f: ajoutez-les depuis les suggestions et il sera noté.",
    unknown: "Il n’a pas pu être noté automatiquement.",
  },
});

/** One sentence per reason code, each said once, in the order the API gives them. A code the API adds
 * breaks the build here (`t` takes only the keys above), and one it sends before the app is rebuilt
 * still gets a sentence. */
export function reasonSentences(reasons: Schemas["Reason"][], t: Translate<typeof reasonWords.en>): string[] {
  const codes = [...new Set(reasons.map((reason) => reason.code))];
  return codes.map((code: ReasonCode | string) => (code in reasonWords.en ? t(code as ReasonCode) : t("unknown")));
}
