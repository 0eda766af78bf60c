"""The short texts Rapport answers SMS commands with, in English and French. Pure.

Every reply fits in MAX_SEGMENTS segments, as a digest does: lists of names are cut from the end
("+2 more") and a name that cannot fit alone is shortened. Rapport's own words stay within GSM-7
(no ç, ê, œ, curly apostrophe) so that only a name or a date ("août") can make a reply UCS-2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from rapport.delivery.sms import MAX_SEGMENTS, segments
from rapport.domain.locale import Locale
from rapport.domain.sms_commands import MAX_DAYS, MIN_DAYS, Command, Reason
from rapport.domain.vocabulary import Kind
from rapport.domain.wording import spoken_date

_ELLIPSIS = "..."  # "…" is not GSM-7

_WORDS = {
    Locale.EN: {
        "done": "Done: {names}.",
        "snoozed": "Snoozed until {date}: {names}.",
        "dismissed": "Skipped: {names}.",
        "logged": "Logged: {touch}.",
        "more_one": "+1 more",
        "more_many": "+{count} more",
        "unknown_number": "No reminder {number} in your last digest ({range}).",
        "no_digest": "No reminder {number}: no digest was sent to you lately.",
        "ambiguous": "Which one? {names}.",
        "ambiguous_answer": " Answer: {command} {name}: ...",
        "unknown_name": "No contact named {names}. Check the spelling, or add them in Rapport first.",
        "opted_out": "You will get no more texts from Rapport. Send START to resume.",
        "opted_in": "You will get texts from Rapport again. Send STOP to stop them.",
        "not_understood": "Not understood.\n{help}",
        "bad_number": "Use the numbers of your last digest, e.g. done 1 3",
        "bad_duration": "Snooze for {min} to {max} days, e.g. snooze 2 3d or snooze 2 1w",
        "bad_name": "Who with? e.g. log coffee Marie Dupont: notes",
        "help": (
            "Rapport: answer with the numbers of your last digest.\n"
            "done 1 3 (or just 1 3)\n"
            "snooze 2 3d (or 1w)\n"
            "skip 2\n"
            "log coffee Marie Dupont: notes (or lunch, call, meeting...)\n"
            "STOP: no more texts"
        ),
    },
    Locale.FR: {
        "done": "Fait : {names}.",
        "snoozed": "Reporté au {date} : {names}.",
        "dismissed": "Ignoré : {names}.",
        "logged": "Noté : {touch}.",
        "more_one": "+1 autre",
        "more_many": "+{count} autres",
        "unknown_number": "Pas de rappel {number} dans votre dernier résumé ({range}).",
        "no_digest": "Pas de rappel {number} : aucun résumé ne vous a été envoyé récemment.",
        "ambiguous": "Qui exactement ? {names}.",
        "ambiguous_answer": " Répondez : {command} {name} : ...",
        "unknown_name": "Aucun contact nommé {names}. Vérifiez l'orthographe, ou ajoutez ce contact dans Rapport.",
        "opted_out": "Vous ne recevrez plus de SMS de Rapport. Envoyez START pour reprendre.",
        "opted_in": "Vous recevrez de nouveau les SMS de Rapport. Envoyez STOP pour ne plus les recevoir.",
        "not_understood": "Je n'ai pas compris.\n{help}",
        "bad_number": "Utilisez les numéros de votre dernier résumé, par ex. fait 1 3",
        "bad_duration": "Reportez de {min} à {max} jours, par ex. reporter 2 3j ou reporter 2 1s",
        "bad_name": "Avec qui ? Par ex. café Marie Dupont : notes",
        "help": (
            "Rapport : répondez avec les numéros de votre dernier résumé.\n"
            "fait 1 3 (ou juste 1 3)\n"
            "reporter 2 3j (ou 1s)\n"
            "ignorer 2\n"
            "café Marie Dupont : notes (ou déjeuner, appel, rdv...)\n"
            "STOP : plus de SMS"
        ),
    },
}

# What was logged, as the confirmation says it.
TOUCHES = {
    Locale.EN: {
        Kind.MEETING: "meeting with {name}",
        Kind.COFFEE: "coffee with {name}",
        Kind.LUNCH: "lunch with {name}",
        Kind.CALL: "call with {name}",
        Kind.VIDEO_CALL: "video call with {name}",
        Kind.MESSAGE: "message with {name}",
        Kind.EMAIL: "email with {name}",
        Kind.EVENT: "event with {name}",
        Kind.GREETING: "greetings to {name}",
        Kind.INTRODUCTION: "introduction of {name}",
        Kind.HELP: "help for {name}",
    },
    Locale.FR: {
        Kind.MEETING: "rendez-vous avec {name}",
        Kind.COFFEE: "café avec {name}",
        Kind.LUNCH: "déjeuner avec {name}",
        Kind.CALL: "appel avec {name}",
        Kind.VIDEO_CALL: "visio avec {name}",
        Kind.MESSAGE: "message avec {name}",
        Kind.EMAIL: "e-mail avec {name}",
        Kind.EVENT: "événement avec {name}",
        Kind.GREETING: "voeux à {name}",
        Kind.INTRODUCTION: "mise en relation de {name}",
        Kind.HELP: "coup de main pour {name}",
    },
}

# How to log each kind by SMS, as replies suggest it (the tests check that parse reads them back).
# No introduction: it is not logged by SMS.
LOG_COMMANDS = {
    Locale.EN: {
        Kind.MEETING: "log meeting",
        Kind.COFFEE: "log coffee",
        Kind.LUNCH: "log lunch",
        Kind.CALL: "log call",
        Kind.VIDEO_CALL: "log video call",
        Kind.MESSAGE: "log message",
        Kind.EMAIL: "log email",
        Kind.EVENT: "log event",
        Kind.GREETING: "log greetings",
        Kind.HELP: "log help given",
    },
    Locale.FR: {
        Kind.MEETING: "rdv",
        Kind.COFFEE: "café",
        Kind.LUNCH: "déjeuner",
        Kind.CALL: "appel",
        Kind.VIDEO_CALL: "visio",
        Kind.MESSAGE: "message",
        Kind.EMAIL: "e-mail",
        Kind.EVENT: "événement",
        Kind.GREETING: "voeux",
        Kind.HELP: "coup de main",
    },
}


class Candidate(NamedTuple):
    """A contact an ambiguous name may mean, with what tells them apart (a company, a city)."""

    name: str
    detail: str | None = None


def reply_locale(command: Command, default: Locale) -> Locale:
    """The language of the text when it tells, else the networker's (their profile's locale)."""
    return command.language or default


def done(names: Sequence[str], locale: Locale) -> str:
    return _fit(lambda shown: _WORDS[locale]["done"].format(names=shown), names, locale)


def snoozed(names: Sequence[str], until: date, locale: Locale) -> str:
    """`until` is the local date the reminders come back, written as everywhere else ("mardi 1er décembre")."""
    day = spoken_date(until, locale)
    return _fit(lambda shown: _WORDS[locale]["snoozed"].format(date=day, names=shown), names, locale)


def dismissed(names: Sequence[str], locale: Locale) -> str:
    return _fit(lambda shown: _WORDS[locale]["dismissed"].format(names=shown), names, locale)


def logged(touch: Kind, name: str, locale: Locale) -> str:
    what = TOUCHES[locale][touch]
    return _fit(lambda shown: _WORDS[locale]["logged"].format(touch=what.format(name=shown)), [name], locale)


def unknown_number(number: int, count: int, locale: Locale) -> str:
    """`count` is how many numbered lines the last digest had (0: none sent lately)."""
    if count < 1:
        return _WORDS[locale]["no_digest"].format(number=number)
    lines = "1" if count == 1 else f"1-{count}"
    return _WORDS[locale]["unknown_number"].format(number=number, range=lines)


def ambiguous_name(touch: Kind, candidates: Sequence[Candidate], locale: Locale) -> str:
    """A short question, not a guess: the names it may mean and how to answer. Not numbered, as a
    bare number answers the digest. With no room for the example answer, the names alone."""
    words = _WORDS[locale]
    shown = [f"{c.name} ({_one_line(c.detail)})" if c.detail else c.name for c in candidates]
    command = LOG_COMMANDS[locale].get(touch)
    if command and candidates:
        answer = words["ambiguous_answer"].format(command=command, name=_one_line(candidates[0].name))
        text = _fit(lambda names: words["ambiguous"].format(names=names) + answer, shown, locale, cut=False)
        if text:
            return text
    return _fit(lambda names: words["ambiguous"].format(names=names), shown, locale)


def unknown_name(name: str, locale: Locale) -> str:
    return _fit(lambda shown: _WORDS[locale]["unknown_name"].format(names=shown), [name], locale)


def opted_out(locale: Locale) -> str:
    return _WORDS[locale]["opted_out"]


def opted_in(locale: Locale) -> str:
    return _WORDS[locale]["opted_in"]


def help_text(locale: Locale) -> str:
    return _WORDS[locale]["help"]


def not_understood(reason: Reason, locale: Locale) -> str:
    """The answer to an Unknown: what to fix when the reason tells, else the help."""
    words = _WORDS[locale]
    if reason in ("bad_number", "bad_duration", "bad_name"):
        return words[reason].format(min=MIN_DAYS, max=MAX_DAYS)
    return words["not_understood"].format(help=words["help"])


def _fit(render: Callable[[str], str], names: Sequence[str], locale: Locale, cut: bool = True) -> str:
    """`render` of as many names as fit, the others counted ("+2 more"); when even the first alone
    does not fit, it is shortened (unless `cut` is False: then "" and the caller says less)."""
    names = [_one_line(name) for name in names]
    for kept in range(len(names), 0, -1):
        text = render(_joined(names[:kept], len(names) - kept, locale))
        if segments(text).parts <= MAX_SEGMENTS:
            return text
    if not cut or not names:
        return "" if not cut else render("")
    first, more = names[0][: MAX_SEGMENTS * 160], len(names) - 1
    while first:
        first = first[:-1].rstrip()
        text = render(_joined([first + _ELLIPSIS], more, locale))
        if segments(text).parts <= MAX_SEGMENTS:
            return text
    return render(_joined([_ELLIPSIS], more, locale))


def _joined(names: list[str], more: int, locale: Locale) -> str:
    words = _WORDS[locale]
    tail = [words["more_one" if more == 1 else "more_many"].format(count=more)] if more else []
    return " ".join([", ".join(names), *tail])


def _one_line(text: str) -> str:
    return " ".join(text.split())
