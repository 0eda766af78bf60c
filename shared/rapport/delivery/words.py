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
        "intro_calendars": "Nobody is waiting to hear from you on {date}, but one of your calendars needs you:",
        "calendar_failing": "Your calendar “{name}” has not been read since {date}. {reason}",
        "left": "Still to greet: {names}.",
        "left_more_one": "Still to greet: {names} and one more.",
        "left_more_many": "Still to greet: {names} and {count} more.",
        "footer": (
            "This digest comes at {time} on the days someone new or overdue is to be reached, or while a greetings"
            " season is under way; people not acted on come back after a pause. Otherwise, no email."
        ),
        "unsubscribe": "Stop these emails:",
        "settings": "Change when and how Rapport writes to you:",
        "action_done": "Done",
        "action_snooze": "Snooze a week",
        "action_open": "Open",
        "colon": ":",
        "brief_subject": "Rapport: your meeting with {names} at {time}",
        "brief_intro": "You meet {names} on {date} at {time}{place}.",
        "brief_place": " ({place})",
        "brief_goal": "Your goal:",
        "brief_how_we_met": "How you met:",
        "brief_last_touches": "Last touches:",
        "brief_touch": "{line}: {summary}",
        "brief_no_touch": "No touch logged yet.",
        "brief_needs": "Looking for:",
        "brief_offers": "Can help with:",
        "brief_questions": "To prepare:",
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
        "export_subject": "Rapport: your data export is ready",
        "export_intro": (
            "The export of your Rapport account you asked for is ready: your contacts, touches, calendar and"
            " mails, in one zip. Download it from its page:"
        ),
        "export_expiry": (
            "The zip can be downloaded until {date}, then it is deleted. If you did not ask for it, change your"
            " password and tell us."
        ),
        "export_button": "Download my data",
        "deletion_under_way": "Your account is being deleted: everything in it will be gone within minutes.",
        "feed_name": "Rapport: your network",
        "feed_description": "Follow-ups, birthdays, meetings and introductions to follow up, from Rapport.",
        "feed_follow_up": "Reach out to {name}",
        "feed_last_touch": "Last touch: {day}; ideally every {ideal} days, at most {max}.",
        "feed_no_touch": "No touch logged yet; ideally every {ideal} days, at most {max}.",
        "feed_birthday": "Birthday: {name}",
        "feed_born": "Born in {year}.",
        "feed_meeting": "Meeting with {names}",
        "feed_last_touch_of": "Last touch: {day}.",
        "feed_intro_follow_up": "Ask {first} and {second} how the introduction went",
        "feed_intro_made": "You introduced them on {day}: {reason}",
    },
    Locale.FR: {
        "subject": "Rapport\u202f: qui recontacter aujourd'hui",
        "greeting": "Bonjour {name},",
        "intro_one": "Une personne à contacter ce {date}\u202f:",
        "intro_many": "{count} personnes à contacter ce {date}\u202f:",
        "more_one": "Et une autre personne à contacter, dans Aujourd’hui\u202f:",
        "more_many": "Et {count} autres personnes à contacter, toutes dans Aujourd’hui\u202f:",
        "open_today": "Ouvrir Aujourd’hui",
        "intro_none": "Personne n'attend de vos nouvelles ce {date}\u202f; voici où en sont vos salutations\u202f:",
        "intro_calendars": (
            "Personne n’attend de vos nouvelles ce {date}, mais l’un de vos agendas a besoin de vous\u202f:"
        ),
        "calendar_failing": "Votre agenda «\u202f{name}\u202f» n’a pas pu être lu depuis le {date}. {reason}",
        "left": "Encore à saluer\u202f: {names}.",
        "left_more_one": "Encore à saluer\u202f: {names} et une autre personne.",
        "left_more_many": "Encore à saluer\u202f: {names} et {count} autres.",
        "footer": (
            "Ce résumé arrive à {time} les jours où quelqu'un de nouveau ou en retard est à contacter, ou pendant"
            " une saison de salutations\u202f; qui n'a pas été traité revient après une pause. Sinon, pas d'e-mail."
        ),
        "unsubscribe": "Ne plus recevoir ces e-mails\u202f:",
        "settings": "Choisir quand et comment Rapport vous écrit\u202f:",
        "action_done": "Fait",
        "action_snooze": "Reporter d'une semaine",
        "action_open": "Ouvrir",
        "colon": "\u202f:",
        "brief_subject": "Rapport\u202f: votre rendez-vous avec {names} à {time}",
        "brief_intro": "Vous voyez {names} le {date} à {time}{place}.",
        "brief_place": " ({place})",
        "brief_goal": "Votre objectif\u202f:",
        "brief_how_we_met": "Comment vous vous êtes connus\u202f:",
        "brief_last_touches": "Derniers échanges\u202f:",
        "brief_touch": "{line}\u202f: {summary}",
        "brief_no_touch": "Aucun échange noté pour l'instant.",
        "brief_needs": "Cherche\u202f:",
        "brief_offers": "Peut aider sur\u202f:",
        "brief_questions": "À préparer\u202f:",
        "brief_footer": (
            "Après le rendez-vous, confirmez-le dans Rapport\u202f: l'échange est noté"
            " et un rappel de remerciement suit."
        ),
        "confirm_subject": "Rapport\u202f: confirmez {address}",
        "confirm_intro": (
            "Vous avez ajouté {address} à votre profil Rapport. Ouvrez ce lien pour confirmer qu'elle est à vous\u202f;"
            " les e-mails que vous transférez ou mettez en copie cachée depuis elle vers votre adresse Rapport"
            " seront alors notés comme échanges\u202f:"
        ),
        "confirm_expiry": (
            "Le lien fonctionne jusqu'au {date}. Si vous n'avez pas ajouté cette adresse, ignorez cet e-mail."
        ),
        "confirm_button": "Confirmer {address}",
        "export_subject": "Rapport\u202f: l’export de vos données est prêt",
        "export_intro": (
            "L’export de votre compte Rapport que vous avez demandé est prêt\u202f: vos contacts, échanges, agenda et"
            " e-mails, dans un seul zip. Téléchargez-le depuis sa page\u202f:"
        ),
        "export_expiry": (
            "Le zip peut être téléchargé jusqu’au {date}, puis il est effacé. Si vous ne l’avez pas demandé,"
            " changez votre mot de passe et prévenez-nous."
        ),
        "export_button": "Télécharger mes données",
        "deletion_under_way": (
            "Votre compte est en cours de suppression\u202f: tout ce qu’il contient aura disparu d’ici quelques"
            " minutes."
        ),
        "feed_name": "Rapport\u202f: votre réseau",
        "feed_description": "Relances, anniversaires, rendez-vous et mises en relation à suivre, depuis Rapport.",
        "feed_follow_up": "Recontacter {name}",
        "feed_last_touch": "Dernier échange\u202f: {day}\u202f; idéalement tous les {ideal} jours, au plus {max}.",
        "feed_no_touch": "Aucun échange noté pour l’instant\u202f; idéalement tous les {ideal} jours, au plus {max}.",
        "feed_birthday": "Anniversaire\u202f: {name}",
        "feed_born": "Né·e en {year}.",
        "feed_meeting": "Rendez-vous avec {names}",
        "feed_last_touch_of": "Dernier échange\u202f: {day}.",
        "feed_intro_follow_up": "Demander à {first} et {second} comment s’est passée la mise en relation",
        "feed_intro_made": "Vous les avez mis en relation le {day}\u202f: {reason}",
    },
}


def say(locale: Locale, key: str, **values) -> str:
    return WORDS[locale][key].format(**values)


def counted(locale: Locale, key: str, count: int, **values) -> str:
    """The singular form for one, the plural otherwise (enough for English and French here)."""
    return say(locale, f"{key}_one" if count == 1 else f"{key}_many", count=count, **values)
