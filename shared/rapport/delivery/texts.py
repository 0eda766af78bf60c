"""The words of the messages, in each locale. Dates and times are formatted by Babel."""

from __future__ import annotations

from rapport.domain.profile import Locale

TEXTS = {
    Locale.EN: {
        "subject": "Rapport: who to reach out to today",
        "greeting": "Hello {name},",
        "intro_one": "One person is waiting to hear from you on {date}:",
        "intro_many": "{count} people are waiting to hear from you on {date}:",
        "overdue": "overdue",
        "more_one": "and one more: see them all in Rapport.",
        "more_many": "and {count} more: see them all in Rapport.",
        "footer": "You get this digest every day at {time} when someone is due. Nothing due, no email.",
        "unsubscribe": "Stop these emails:",
    },
    Locale.FR: {
        "subject": "Rapport : qui recontacter aujourd'hui",
        "greeting": "Bonjour {name},",
        "intro_one": "Une personne attend de vos nouvelles ce {date} :",
        "intro_many": "{count} personnes attendent de vos nouvelles ce {date} :",
        "overdue": "en retard",
        "more_one": "et une autre : retrouvez-les toutes dans Rapport.",
        "more_many": "et {count} autres : retrouvez-les toutes dans Rapport.",
        "footer": "Ce résumé arrive chaque jour à {time} quand quelqu'un vous attend. Personne, pas d'e-mail.",
        "unsubscribe": "Ne plus recevoir ces e-mails :",
    },
}


def text(locale: Locale, key: str, **values) -> str:
    return TEXTS[locale][key].format(**values)


def counted(locale: Locale, key: str, count: int, **values) -> str:
    """The singular form for one, the plural otherwise (enough for English and French here)."""
    return text(locale, f"{key}_one" if count == 1 else f"{key}_many", count=count, **values)
