/** The words of the calendars Rapport reads, and what the screen says of an address before and after the API. */
import { ApiError } from "../../api/client";
import { defineMessages, relativeDay, type Region, type Translate } from "../../i18n";

export const calendarWords = defineMessages({
  en: {
    title: "Calendars Rapport reads",
    intro: "Rapport reads your calendar every hour and logs the meetings you had with your contacts: no typing.",
    more: "Meetings to come with contacts are planned, with their brief. Other people at your meetings are suggested in Mail.",
    none: "No calendar yet.",
    replace: "To replace it: add the new address below, then remove this calendar.",
    reading: "First reading…",
    readingLong: "The first reading takes longer than usual. Come back in a few minutes.",
    readJustNow: "Last change read just now",
    readWhen: "Last change read {when}",
    events: "{count} {count|event|events} seen (30 days back and ahead)",
    touches: "{count} {count|touch|touches} logged",
    failing: "Not read since {when}",
    failingToday: "Not read since {time}",
    unread: "Rapport could not read it",
    remove: "Remove",
    removeNamed: "Remove the calendar {name}",
    confirmTitle: "Remove this calendar?",
    confirm: "Rapport stops reading it. The touches and meetings it logged stay.",
    confirmYes: "Yes, remove it",
    removed: "Calendar removed. The touches it logged stay.",
    read: "First reading done.",
    readFailed: "Rapport could not read this calendar: why is said in the list.",
    addButton: "Add the calendar",
    address: "Your calendar’s secret address",
    addressHint: "It starts with https:// or webcal://. Rapport keeps it encrypted and never shows it in full again.",
    adding: "Adding…",
    added: "Calendar added. Rapport reads it now: the first reading takes a minute or so.",
    secret: "Anyone with this address can read your calendar: paste it here only.",
    where: "Where to find the secret address",
    google: "Google Calendar, on a computer: Settings → your calendar → Integrate calendar → Secret address in iCal format.",
    outlook: "Outlook: Settings → Calendar → Shared calendars → Publish a calendar → the ICS link.",
    apple: "Apple iCloud: in Calendar, share the calendar as a Public Calendar and copy its webcal:// link.",
    others: "Fastmail, Proton Calendar, Nextcloud: share the calendar by link (iCal or ICS) and copy that link.",
    full: "10 calendars at most: remove one to add another.",
    empty: "Paste your calendar’s secret address.",
    notAnAddress: "This is not a web address: it starts with https:// or webcal://.",
    notSecure: "Only https:// and webcal:// addresses are read: http:// is not secure.",
    withPassword: "This address holds a name or a password: copy the secret address your calendar app gives instead.",
    tooLong: "This address is too long (2,000 characters at most).",
    private: "This address points to a private network: Rapport reads only calendars on the internet.",
    already: "This calendar is added already.",
    meanwhile: "Another calendar was added at the same moment: add this one again.",
    spaces: "This address holds spaces: copy it again, whole.",
    badHost: "The address’s server name is not written correctly: copy the address again, whole.",
    refused: "This address cannot be used ({reason}).",
  },
  fr: {
    title: "Agendas lus par Rapport",
    intro: "Rapport lit votre agenda toutes les heures et note les rendez-vous que vous avez eus avec vos contacts\u202f: rien à taper.",
    more: "Les rendez-vous à venir avec des contacts sont prévus, avec leurs notes. Les autres personnes présentes vous sont suggérées dans Courrier.",
    none: "Aucun agenda pour l’instant.",
    replace: "Pour la remplacer\u202f: ajoutez la nouvelle adresse ci-dessous, puis retirez cet agenda.",
    reading: "Première lecture…",
    readingLong: "La première lecture prend plus de temps que d’habitude. Revenez dans quelques minutes.",
    readJustNow: "Dernier changement lu à l’instant",
    readWhen: "Dernier changement lu {when}",
    events: "{count} {count|événement vu|événements vus} (30 jours avant et après)",
    touches: "{count} {count|échange noté|échanges notés}",
    failing: "Non lu depuis le {when}",
    failingToday: "Non lu depuis {time}",
    unread: "Rapport n’a pas pu le lire",
    remove: "Retirer",
    removeNamed: "Retirer l’agenda {name}",
    confirmTitle: "Retirer cet agenda\u202f?",
    confirm: "Rapport cesse de le lire. Les échanges et rendez-vous qu’il a notés restent.",
    confirmYes: "Oui, le retirer",
    removed: "Agenda retiré. Les échanges qu’il a notés restent.",
    read: "Première lecture faite.",
    readFailed: "Rapport n’a pas pu lire cet agenda\u202f: la liste dit pourquoi.",
    addButton: "Ajouter l’agenda",
    address: "L’adresse secrète de votre agenda",
    addressHint: "Elle commence par https:// ou webcal://. Rapport la garde chiffrée et ne la montre plus jamais en entier.",
    adding: "Ajout…",
    added: "Agenda ajouté. Rapport le lit maintenant\u202f: la première lecture prend environ une minute.",
    secret: "Quiconque a cette adresse peut lire votre agenda\u202f: ne la collez qu’ici.",
    where: "Où trouver l’adresse secrète",
    google: "Google Agenda, sur un ordinateur\u202f: Paramètres → votre agenda → Intégrer l’agenda → Adresse secrète au format iCal.",
    outlook: "Outlook\u202f: Paramètres → Calendrier → Calendriers partagés → Publier un calendrier → le lien ICS.",
    apple: "Apple iCloud\u202f: dans Calendrier, partagez le calendrier comme calendrier public et copiez son lien webcal://.",
    others: "Fastmail, Proton Calendar, Nextcloud\u202f: partagez l’agenda par un lien (iCal ou ICS) et copiez ce lien.",
    full: "10 agendas au plus\u202f: retirez-en un pour en ajouter un autre.",
    empty: "Collez l’adresse secrète de votre agenda.",
    notAnAddress: "Ce n’est pas une adresse web\u202f: elle commence par https:// ou webcal://.",
    notSecure: "Seules les adresses https:// et webcal:// sont lues\u202f: http:// n’est pas sûr.",
    withPassword: "Cette adresse contient un nom ou un mot de passe\u202f: copiez plutôt l’adresse secrète que donne votre agenda.",
    tooLong: "Cette adresse est trop longue (2\u202f000 caractères au plus).",
    private: "Cette adresse mène à un réseau privé\u202f: Rapport ne lit que des agendas sur internet.",
    already: "Cet agenda est déjà ajouté.",
    meanwhile: "Un autre agenda a été ajouté au même moment\u202f: ajoutez celui-ci de nouveau.",
    spaces: "Cette adresse contient des espaces\u202f: copiez-la de nouveau, en entier.",
    badHost: "Le nom du serveur de l’adresse est mal écrit\u202f: copiez l’adresse de nouveau, en entier.",
    refused: "Cette adresse ne peut pas servir ({reason}).",
  },
});

type Words = Translate<typeof calendarWords.en>;

/** At most this many calendars per networker (the API refuses the 11th). */
export const MAX_CALENDARS = 10;
const MAX_LENGTH = 2_000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** What is wrong with a pasted address before it is sent, in words (the API checks again, and more). */
export function addressProblem(typed: string, t: Words): string | undefined {
  const text = typed.trim();
  if (!text) return t("empty");
  if (text.length > MAX_LENGTH) return t("tooLong");
  let url: URL;
  try {
    url = new URL(text.replace(/^webcals?:\/\//i, "https://"));
  } catch {
    return t("notAnAddress");
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) return t("notSecure"); // the local runtime reads loopback http
  if (url.protocol !== "https:" && url.protocol !== "http:") return t("notAnAddress");
  if (!url.hostname) return t("notAnAddress");
  if (url.username || url.password) return t("withPassword");
  return undefined;
}

/** The API's reasons for refusing an address (English, calendar_urls and storage/calendars.py), by their words. */
const REASONS: [RegExp, keyof typeof calendarWords.en][] = [
  [/at most \d+ calendars/i, "full"],
  [/meanwhile/i, "meanwhile"],
  [/already/i, "already"],
  [/empty/i, "empty"],
  [/longer than/i, "tooLong"],
  [/spaces|control characters/i, "spaces"],
  [/user name|password/i, "withPassword"],
  [/private|this computer|localhost|full domain name/i, "private"], // "intranet": a name only a local network knows
  [/not encrypted/i, "notSecure"],
  [/must start with/i, "notAnAddress"],
  [/host|port/i, "badHost"],
];

/** The API's refusal of an address, said in the networker's language next to the field. */
export function refusalWords(error: unknown, t: Words): string | undefined {
  if (!(error instanceof ApiError) || (error.status !== 409 && error.status !== 422)) return undefined;
  const reason = error.fields.url;
  if (reason === undefined) return error.status === 409 ? t("already") : undefined;
  const known = REASONS.find(([words]) => words.test(reason));
  return known ? t(known[1]) : t("refused", { reason: reason.replace(/\.$/, "") });
}

/** "5 minutes ago", "il y a 3 heures", then days as the calendar counts them ("yesterday"); undefined under a minute. */
export function readAgo(at: string, region: Region, now = new Date()): string | undefined {
  const seconds = Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000);
  if (seconds < 60) return undefined;
  const format = new Intl.RelativeTimeFormat(region.locale === "fr" ? "fr-FR" : "en-GB", { numeric: "auto" });
  if (seconds < 3600) return format.format(-Math.floor(seconds / 60), "minute");
  if (seconds < 86_400) return format.format(-Math.floor(seconds / 3600), "hour");
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: region.timeZone }).format(new Date(at));
  return relativeDay(day, region, now);
}
