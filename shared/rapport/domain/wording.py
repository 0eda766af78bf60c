"""How Rapport writes a day and a kind of touch, in each language: one way, wherever it writes (emails,
reminders' reasons, SMS replies). Pure: Babel's data, no I/O.

French typography is written into the word tables themselves: a narrow no-break space (U+202F,
`\\u202f` in the sources, as in the web app) before `:` `;` `?` `!` and inside « », except in texts
sent by SMS, which stay within GSM-7 (see rapport.delivery.sms).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Kind

# A day as a sentence says it: "Friday, January 1" / "vendredi 1er janvier" (French writes the first
# of the month "1er", which Babel does not).
_DAY = {Locale.EN: "EEEE, MMMM d", Locale.FR: "EEEE d MMMM"}
_FIRST = {Locale.EN: "EEEE, MMMM d", Locale.FR: "EEEE '1er' MMMM"}
_YEAR = {Locale.EN: ", y", Locale.FR: " y"}

# A kind of touch within a sentence ("12 December, coffee"), as the web app names them (web/src/ui/kinds.ts).
KIND_NAMES = {
    Locale.EN: {
        Kind.MEETING: "meeting",
        Kind.COFFEE: "coffee",
        Kind.LUNCH: "lunch",
        Kind.CALL: "call",
        Kind.VIDEO_CALL: "video call",
        Kind.MESSAGE: "message",
        Kind.EMAIL: "email",
        Kind.EVENT: "event",
        Kind.GREETING: "greetings",
        Kind.INTRODUCTION: "introduction",
        Kind.HELP: "help",
    },
    Locale.FR: {
        Kind.MEETING: "rendez-vous",
        Kind.COFFEE: "café",
        Kind.LUNCH: "déjeuner",
        Kind.CALL: "appel",
        Kind.VIDEO_CALL: "visio",
        Kind.MESSAGE: "message",
        Kind.EMAIL: "e-mail",
        Kind.EVENT: "événement",
        Kind.GREETING: "vœux",
        Kind.INTRODUCTION: "mise en relation",
        Kind.HELP: "coup de main",
    },
}


def spoken_date(day: date, locale: Locale, with_year: bool = False) -> str:
    """The one way a day is written in `locale`; the year only when asked (a day of another year)."""
    pattern = (_FIRST if day.day == 1 else _DAY)[locale] + (_YEAR[locale] if with_year else "")
    return format_date(day, pattern, locale=locale.value)
