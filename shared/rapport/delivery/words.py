"""The words of the messages, in each locale. Dates and times are formatted by Babel."""

from __future__ import annotations

from rapport.domain.locale import Locale

WORDS = {
    Locale.EN: {
        "subject": "Rapport: who to reach out to today",
        "greeting": "Hello {name},",
        "intro_one": "One person to reach out to on {date}:",
        "intro_many": "{count} people to reach out to on {date}:",
        "more_one": "And one more person to reach out to, in Today:",
        "more_many": "And {count} more people to reach out to, all in Today:",
        "open_today": "Open Today",
        "intro_none": "Nobody is waiting to hear from you on {date}; here is where your greetings stand:",
        "left": "Still to greet: {names}.",
        "left_more_one": "Still to greet: {names} and one more.",
        "left_more_many": "Still to greet: {names} and {count} more.",
        "footer": (
            "You get this digest every day at {time} when someone is due or a greetings season is under way."
            " Otherwise, no email."
        ),
        "unsubscribe": "Stop these emails:",
        "brief_subject": "Rapport: your meeting with {names} at {time}",
        "brief_intro": "You meet {names} on {date} at {time}{place}.",
        "brief_place": " ({place})",
        "brief_goal": "Your goal",
        "brief_how_we_met": "How you met",
        "brief_last_touches": "Last touches",
        "brief_no_touch": "No touch logged yet.",
        "brief_needs": "Looking for",
        "brief_offers": "Can help with",
        "brief_questions": "To prepare",
        "brief_footer": (
            "After the meeting, confirm it in Rapport: the touch is logged and a thank-you reminder follows."
        ),
        "confirm_subject": "Rapport: confirm {address}",
        "confirm_intro": (
            "You added {address} to your Rapport profile. Open this link to confirm it is yours; mail you"
            " forward or BCC from it to your Rapport address is then logged as touches:"
        ),
        "confirm_expiry": "The link works until {date}. If you did not add this address, ignore this email.",
        "confirm_button": "Confirm {address}",
    },
    Locale.FR: {
        "subject": "Rapport : qui recontacter aujourd'hui",
        "greeting": "Bonjour {name},",
        "intro_one": "Une personne à contacter ce {date} :",
        "intro_many": "{count} personnes à contacter ce {date} :",
        "more_one": "Et une autre personne à contacter, dans Aujourd’hui :",
        "more_many": "Et {count} autres personnes à contacter, toutes dans Aujourd’hui :",
        "open_today": "Ouvrir Aujourd’hui",
        "intro_none": "Personne n'attend de vos nouvelles ce {date} ; voici où en sont vos salutations :",
        "left": "Encore à saluer : {names}.",
        "left_more_one": "Encore à saluer : {names} et une autre personne.",
        "left_more_many": "Encore à saluer : {names} et {count} autres.",
        "footer": (
            "Ce résumé arrive chaque jour à {time} quand quelqu'un vous attend ou qu'une saison de salutations"
            " est en cours. Sinon, pas d'e-mail."
        ),
        "unsubscribe": "Ne plus recevoir ces e-mails :",
        "brief_subject": "Rapport : votre rendez-vous avec {names} à {time}",
        "brief_intro": "Vous voyez {names} le {date} à {time}{place}.",
        "brief_place": " ({place})",
        "brief_goal": "Votre objectif",
        "brief_how_we_met": "Comment vous vous êtes connus",
        "brief_last_touches": "Derniers contacts",
        "brief_no_touch": "Aucun contact enregistré pour l'instant.",
        "brief_needs": "Cherche",
        "brief_offers": "Peut aider sur",
        "brief_questions": "À préparer",
        "brief_footer": (
            "Après le rendez-vous, confirmez-le dans Rapport : le contact est enregistré"
            " et un rappel de remerciement suit."
        ),
        "confirm_subject": "Rapport : confirmez {address}",
        "confirm_intro": (
            "Vous avez ajouté {address} à votre profil Rapport. Ouvrez ce lien pour confirmer qu'elle est à vous ;"
            " les e-mails que vous transférez ou mettez en copie cachée depuis elle vers votre adresse Rapport"
            " seront alors enregistrés comme contacts :"
        ),
        "confirm_expiry": (
            "Le lien fonctionne jusqu'au {date}. Si vous n'avez pas ajouté cette adresse, ignorez cet e-mail."
        ),
        "confirm_button": "Confirmer {address}",
    },
}


def say(locale: Locale, key: str, **values) -> str:
    return WORDS[locale][key].format(**values)


def counted(locale: Locale, key: str, count: int, **values) -> str:
    """The singular form for one, the plural otherwise (enough for English and French here)."""
    return say(locale, f"{key}_one" if count == 1 else f"{key}_many", count=count, **values)
