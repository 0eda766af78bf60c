"""An account export's zip: its layout and its README, in the networker's language. Pure.

The zip holds every item of the networker as JSON (one file per item type, one item a line), their
contacts as vCard, their calendar as iCalendar and the raw mails still kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.wording import spoken_date

README = "README.txt"
CONTACTS = "contacts.vcf"
CALENDAR = "calendar.ics"
ITEMS = "items"
MAILS = "mails"


class Contents(Model):
    """What a zip holds, for its README: items by type, contacts, whether the calendar is in, mails."""

    items: dict[str, int]
    contacts: int
    calendar: bool
    mails: int


def item_file(item_type: str) -> str:
    return f"{ITEMS}/{item_type}.json"


def mail_file(name: str) -> str:
    return f"{MAILS}/{name}.eml"


# What each item type is, for the README; a type not named here is described by its name alone.
_ITEM_TYPES: Mapping[Locale, Mapping[str, str]] = {
    Locale.EN: {
        "profile": "your profile: name, addresses, time zone, language, channels, goals",
        "contact": "your contacts, with everything you wrote about them",
        "interaction": "your touches (meetings, calls, emails...), once each",
        "touch": "each touch again, in the touch log of each contact it involves",
        "meeting": "your planned meetings",
        "introduction": "your introductions",
        "knows": "who knows whom among your contacts",
        "campaign": "your greetings campaigns",
        "review": "your weekly reviews",
        "reminder": "what you did with reminders (done, snoozed, dismissed)",
        "quarantined": "mails kept aside, with the reasons",
        "suggestion": "people seen in your mail who are not contacts",
        "import": "your imports and their counts",
        "account_export": "your account exports, this one included",
        "inbound_address": "your Rapport address for forwarding mail",
        "phone": "your verified phone number",
        "send": "what Rapport sent you, by day and channel",
        "calendar": "your calendars Rapport reads, their addresses masked (the secret part left out)",
        "calendar_event": "what each event read from your calendars became (a touch, a planned meeting)",
    },
    Locale.FR: {
        "profile": "votre profil\u202f: nom, adresses, fuseau horaire, langue, canaux, objectifs",
        "contact": "vos contacts, avec tout ce que vous avez noté sur eux",
        "interaction": "vos échanges (rendez-vous, appels, e-mails…), une fois chacun",
        "touch": "chaque échange à nouveau, dans l’historique de chaque contact concerné",
        "meeting": "vos rendez-vous prévus",
        "introduction": "vos mises en relation",
        "knows": "qui connaît qui parmi vos contacts",
        "campaign": "vos campagnes de vœux",
        "review": "vos bilans de la semaine",
        "reminder": "ce que vous avez fait des rappels (faits, reportés, écartés)",
        "quarantined": "les e-mails mis de côté, avec les raisons",
        "suggestion": "les personnes vues dans vos e-mails qui ne sont pas des contacts",
        "import": "vos imports et leurs chiffres",
        "account_export": "vos exports de compte, celui-ci compris",
        "inbound_address": "votre adresse Rapport pour transférer des e-mails",
        "phone": "votre numéro de téléphone vérifié",
        "send": "ce que Rapport vous a envoyé, par jour et par canal",
        "calendar": "vos agendas lus par Rapport, leurs adresses masquées (la partie secrète omise)",
        "calendar_event": "ce que chaque événement lu dans vos agendas est devenu (un échange, un rendez-vous prévu)",
    },
}

_WORDS: Mapping[Locale, Mapping[str, str]] = {
    Locale.EN: {
        "title": "Your Rapport account, exported on {date}",
        "intro": "This archive holds everything Rapport keeps about you and your contacts:",
        "items": (
            "items/: every item of your account as JSON, one file per kind of item, one item a line in"
            " a JSON array, each with its keys (pk, sk) and its type. Dates are ISO 8601, in UTC."
        ),
        "item": "  items/{name}.json ({count}): {what}",
        "contacts": "contacts.vcf ({count}): your contacts as vCard 3.0, for any address book.",
        "calendar": "calendar.ics: your follow-ups, birthdays and meetings as iCalendar, for any calendar.",
        "no_calendar": "calendar.ics: not in this archive.",
        "mails": (
            "mails/ ({count}): the mails you sent to your Rapport address that are still kept, as received"
            " (.eml, open them with any mail program). Older ones are deleted after a while."
        ),
        "outro": "Secrets Rapport uses to sign your links, and records kept to avoid doing things twice, are left out.",
    },
    Locale.FR: {
        "title": "Votre compte Rapport, exporté le {date}",
        "intro": "Cette archive contient tout ce que Rapport garde sur vous et vos contacts\u202f:",
        "items": (
            "items/\u202f: chaque élément de votre compte en JSON, un fichier par sorte d’élément, un élément par"
            " ligne dans un tableau JSON, chacun avec ses clés (pk, sk) et son type. Les dates sont au"
            " format ISO 8601, en UTC."
        ),
        "item": "  items/{name}.json ({count})\u202f: {what}",
        "contacts": "contacts.vcf ({count})\u202f: vos contacts en vCard 3.0, pour tout carnet d’adresses.",
        "calendar": ("calendar.ics\u202f: vos relances, anniversaires et rendez-vous en iCalendar, pour tout agenda."),
        "no_calendar": "calendar.ics\u202f: absent de cette archive.",
        "mails": (
            "mails/ ({count})\u202f: les e-mails envoyés à votre adresse Rapport encore gardés, tels que reçus"
            " (.eml, à ouvrir avec tout logiciel de messagerie). Les plus anciens sont effacés au bout d’un temps."
        ),
        "outro": (
            "Les secrets qui signent vos liens et les traces gardées pour ne rien faire deux fois ne sont pas inclus."
        ),
    },
}


def readme(locale: Locale, exported_on: datetime, contents: Contents) -> str:
    """README.txt: what each file of the zip is, in the networker's language."""
    words, kinds = _WORDS[locale], _ITEM_TYPES[locale]
    lines = [words["title"].format(date=spoken_date(exported_on.date(), locale, with_year=True)), ""]
    lines += [words["intro"], "", words["items"]]
    lines += [
        words["item"].format(name=name, count=count, what=kinds.get(name, name.replace("_", " ")))
        for name, count in sorted(contents.items.items())
    ]
    lines.append("")
    lines.append(words["contacts"].format(count=contents.contacts))
    lines.append(words["calendar"] if contents.calendar else words["no_calendar"])
    lines += [words["mails"].format(count=contents.mails), "", words["outro"], ""]
    return "\n".join(lines)
