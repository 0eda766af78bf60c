"""What a networker's text message asks for: the commands answering an SMS digest. Pure, total, linear.

`parse` turns any string into a `Command` and never raises. The numbers refer to the lines of the
last SMS digest (`rapport.delivery.sms.digest_sms`); the parser cannot know how many lines it had,
so it only checks 1..MAX_NUMBER and the caller answers an unknown number. Words are matched
case- and accent-insensitively, in English and French.

The commands are pydantic models, like every domain model: the handler can log and store them with
`model_dump`, and a `kind` discriminator makes `Command` a tagged union. They are frozen: a parsed
text is a fact. `Model` defers building the validators, so importing this costs nothing at cold start.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.vocabulary import Kind

MAX_CHARS = 1600  # ten concatenated SMS segments: longer is not a command, and stays linear to read
MAX_NUMBER = 99  # a digest holds a few lines; 0 or 1000 is a typo or a phone number, not a line
MIN_DAYS, MAX_DAYS = 1, 365
DEFAULT_SNOOZE_DAYS = 7  # "snooze 2" alone: a week, and the confirmation says the date
MAX_NAME = 200  # as a contact's name (rapport.domain.fields.Name)

Number = Annotated[int, Field(ge=1, le=MAX_NUMBER)]
Numbers = Annotated[tuple[Number, ...], Field(min_length=1)]
Language = Locale | None  # None: the text does not tell (numbers only, STOP, START...)


class _Command(Model):
    model_config = ConfigDict(frozen=True)

    language: Language = None


class Done(_Command):
    kind: Literal["done"] = "done"
    numbers: Numbers  # in the order typed, without repeats


class Snooze(_Command):
    kind: Literal["snooze"] = "snooze"
    numbers: Numbers
    days: Annotated[int, Field(ge=MIN_DAYS, le=MAX_DAYS)]


class Dismiss(_Command):
    kind: Literal["dismiss"] = "dismiss"
    numbers: Numbers


class Log(_Command):
    kind: Literal["log"] = "log"
    touch: Kind  # `kind` is the discriminator, so the interaction's kind goes here
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]  # as typed: the caller looks it up
    summary: str | None = None


class OptOut(_Command):
    kind: Literal["opt_out"] = "opt_out"


class OptIn(_Command):
    kind: Literal["opt_in"] = "opt_in"


class Help(_Command):
    kind: Literal["help"] = "help"


# Why a text is not a command, so that the reply can say what to fix.
Reason = Literal["empty", "too_long", "not_a_command", "bad_number", "bad_duration", "bad_name"]


class Unknown(_Command):
    kind: Literal["unknown"] = "unknown"
    text: str  # the text received, cut at MAX_CHARS
    reason: Reason = "not_a_command"


Command = Annotated[Done | Snooze | Dismiss | Log | OptOut | OptIn | Help | Unknown, Field(discriminator="kind")]

EN, FR = Locale.EN, Locale.FR

# --- Whole-message keywords -------------------------------------------------------------------------
# STOP and START are no hint of a language: French carriers use STOP too, and our French replies say
# "Envoyez START". Accented and plain spellings are both listed so that is_opt_out needs no folding.
OPT_OUT_WORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "opt-out", "opt out", "revoke"}
    | {"arret", "arrêt", "desabonner", "désabonner"}
)
_OPT_OUT_FR = frozenset({"arret", "desabonner"})
_OPT_IN = {"start": None, "unstop": EN, "demarrer": FR}
_HELP = {"help": EN, "info": None, "aide": FR}
# Stripped around a keyword: "STOP.", " Stop! ", "«stop»".
_EDGES = " \t\r\n\f\v\u00a0.,;:!?¡¿'\"`«»“”‘’()[]{}*-_…"


def is_opt_out(text: str) -> bool:
    """True when the whole text is an opt-out word. The first check on every text, kept trivial on
    purpose (a strip and a set lookup: no accent folding, no regex) so that it holds whatever else fails."""
    if not isinstance(text, str):
        return False
    return unicodedata.normalize("NFC", text).strip(_EDGES).casefold() in OPT_OUT_WORDS


# --- Command words, after folding (lower case, no accents) ------------------------------------------
_DONE = {"done": EN, "did": EN, "fait": FR, "fini": FR}
_SNOOZE = {"snooze": EN, "postpone": EN, "reporter": FR, "repousser": FR}
_DISMISS = {"skip": EN, "dismiss": EN, "ignore": EN, "ignorer": FR, "passer": FR}
_AND = {"and": EN, "et": FR}  # "1 and 3", "fait 1 et 3"
_UNITS = {
    **dict.fromkeys(("d", "day", "days", "j", "jr", "jrs", "jour", "jours"), 1),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "s", "sem", "semaine", "semaines"), 7),
    **dict.fromkeys(("month", "months", "mois"), 30),  # no "m": minutes or months?
}
_SNOOZE_FILLERS = frozenset({"for", "by", "in", "de", "d", "pour", "dans"})  # "for 3 days", "d'une semaine"
_ONE = frozenset({"a", "an", "one", "un", "une"})  # "snooze 2 a week", "reporter 2 d'une semaine"

# Logging a touch: "[log] <kind words> [with] <name>[: summary]". Multi-word kinds are keyed by their
# folded words. The first spelling of each kind in each language is the one replies suggest.
# No introduction: it is a workflow between two contacts, not a touch typed in one line.
LOG_WORDS = {"log": EN, "note": None, "noter": FR}
KIND_WORDS: dict[tuple[str, ...], tuple[Kind, Language]] = {
    ("coffee",): (Kind.COFFEE, EN),
    ("cafe",): (Kind.COFFEE, FR),
    ("lunch",): (Kind.LUNCH, EN),
    ("dejeuner",): (Kind.LUNCH, FR),
    ("dej",): (Kind.LUNCH, FR),
    ("call",): (Kind.CALL, EN),
    ("phone",): (Kind.CALL, EN),
    ("appel",): (Kind.CALL, FR),
    ("tel",): (Kind.CALL, FR),
    ("video", "call"): (Kind.VIDEO_CALL, EN),
    ("videocall",): (Kind.VIDEO_CALL, EN),
    ("appel", "video"): (Kind.VIDEO_CALL, FR),
    ("visio",): (Kind.VIDEO_CALL, FR),
    ("video",): (Kind.VIDEO_CALL, None),
    ("message",): (Kind.MESSAGE, None),
    ("text",): (Kind.MESSAGE, EN),
    ("texto",): (Kind.MESSAGE, FR),
    ("sms",): (Kind.MESSAGE, None),
    ("msg",): (Kind.MESSAGE, None),
    ("email",): (Kind.EMAIL, None),
    ("mail",): (Kind.EMAIL, None),
    ("courriel",): (Kind.EMAIL, FR),
    ("meeting",): (Kind.MEETING, EN),
    ("rdv",): (Kind.MEETING, FR),
    ("reunion",): (Kind.MEETING, FR),
    ("rendezvous",): (Kind.MEETING, FR),
    ("event",): (Kind.EVENT, EN),
    ("evenement",): (Kind.EVENT, FR),
    ("greetings",): (Kind.GREETING, EN),
    ("greeting",): (Kind.GREETING, EN),
    ("wishes",): (Kind.GREETING, EN),
    ("voeux",): (Kind.GREETING, FR),
    ("help", "given"): (Kind.HELP, EN),
    ("helped",): (Kind.HELP, EN),
    ("coup", "de", "main"): (Kind.HELP, FR),
    ("aide", "apportee"): (Kind.HELP, FR),
}
_LONGEST_KIND = max(len(words) for words in KIND_WORDS)
_NAME_FILLERS = frozenset({"with", "avec", "to", "a", "pour"})  # "coffee with Marie", "voeux à Paul"

# Numbers are ASCII digits; a range "1-3" is one token. Any other run of letters or digits is a word,
# so that an unknown word (in any script) makes the text Unknown instead of being skipped.
# No nested quantifiers: each alternative is a simple run, so matching stays linear.
_TOKENS = re.compile(r"([0-9]+)\s*[-–]\s*([0-9]+)|([0-9]+)|([^\W\d_]+)|(\w)|(&)")


def parse(text: str) -> Command:
    """The command a text holds; Unknown (with a reason) when it holds none. Never raises."""
    if not isinstance(text, str):
        return Unknown(text="", reason="empty")
    if is_opt_out(text):
        return OptOut(language=FR if _fold(_bare(text)) in _OPT_OUT_FR else None)
    if len(text) > MAX_CHARS:
        return Unknown(text=_valid(text[:MAX_CHARS]), reason="too_long")
    text = unicodedata.normalize("NFC", _valid(text))
    bare = _fold(_bare(text))
    if not bare:
        return Help() if "?" in text else Unknown(text=text, reason="empty")
    if bare in _OPT_IN:
        return OptIn(language=_OPT_IN[bare])
    if bare in _HELP:
        return Help(language=_HELP[bare])
    return _numbered(text) or _log(text) or Unknown(text=text)


def _numbered(text: str) -> Command | None:
    """Done, Snooze or Dismiss, or an Unknown saying which number or duration is wrong; None when
    the text does not start with a number or one of their words."""
    tokens = _tokens(_fold(text))
    first = tokens[0] if tokens else None
    if isinstance(first, str) and first in _SNOOZE:
        return _snooze(text, tokens[1:], _SNOOZE[first])
    for words, command in ((_DONE, Done), (_DISMISS, Dismiss)):
        if isinstance(first, str) and first in words:
            return _numbers(text, tokens[1:], words[first], command)
    if isinstance(first, (int, tuple)):  # "1 3": done
        return _numbers(text, tokens, None, Done)
    return None


Token = int | tuple[int, int] | str  # a number, a range, or a folded word


def _tokens(folded: str) -> list[Token]:
    tokens: list[Token] = []
    for low, high, number, word, other, amp in _TOKENS.findall(folded):
        if low:
            tokens.append((_int(low), _int(high)))
        elif number:
            tokens.append(_int(number))
        else:
            tokens.append(word or other or amp)
    return tokens


def _int(digits: str) -> int:
    # Long runs of digits are out of range anyway; never convert them (int() of huge strings is slow).
    return int(digits) if len(digits) <= 4 else MAX_NUMBER + 1


def _numbers(
    text: str, tokens: list[Token], language: Language, command: type[Done] | type[Dismiss]
) -> Done | Dismiss | Unknown:
    numbers: list[int] = []
    for token in tokens:
        if isinstance(token, str):
            if token in _AND:
                language = language or _AND[token]
            elif token != "&":
                return Unknown(text=text, language=language)
            continue
        expanded = _expand(token)
        if expanded is None:
            return Unknown(text=text, reason="bad_number", language=language)
        numbers += [n for n in expanded if n not in numbers]
    if not numbers:
        return Unknown(text=text, reason="bad_number", language=language)
    return command(numbers=tuple(numbers), language=language)


def _expand(token: int | tuple[int, int]) -> list[int] | None:
    """The line numbers a number or a range stands for; None when one is out of 1..MAX_NUMBER."""
    low, high = token if isinstance(token, tuple) else (token, token)
    if not 1 <= low <= high <= MAX_NUMBER:
        return None
    return list(range(low, high + 1))


def _snooze(text: str, tokens: list[Token], language: Language) -> Command:
    """snooze NUMBERS [for] [N] [UNIT]: with no unit, the last of two or more numbers is the duration,
    in days ("snooze 2 3"); with no duration at all, DEFAULT_SNOOZE_DAYS."""
    count: int | None = None
    unit = 1
    if tokens and isinstance(last := tokens[-1], str) and last in _UNITS:
        tokens.pop()
        unit = _UNITS[last]
        count = 1  # "reporter 2 semaine"
        if tokens and (isinstance(tokens[-1], int) or tokens[-1] in _ONE):
            token = tokens.pop()
            count = token if isinstance(token, int) else 1
    elif len([t for t in tokens if not isinstance(t, str)]) >= 2 and isinstance(last := tokens[-1], int):
        tokens.pop()
        count = last
    while tokens and tokens[-1] in _SNOOZE_FILLERS:
        tokens.pop()
    parsed = _numbers(text, tokens, language, Done)
    if isinstance(parsed, Unknown):
        # A word left after the numbers is most likely a unit we do not know: "3h", "2 years".
        stray = count is None and any(isinstance(t, str) and t not in _AND and t != "&" for t in tokens)
        return parsed.model_copy(update={"reason": "bad_duration"}) if stray else parsed
    days = DEFAULT_SNOOZE_DAYS if count is None else count * unit
    if not MIN_DAYS <= days <= MAX_DAYS:
        return Unknown(text=text, reason="bad_duration", language=parsed.language)
    return Snooze(numbers=parsed.numbers, days=days, language=parsed.language)


def _log(text: str) -> Command | None:
    """A Log when the text starts with a kind of touch (after an optional "log"); None otherwise."""
    head, colon, summary = text.partition(":") if ":" in text else text.partition("：")
    words = head.split()
    folded = [re.sub(r"[\W_]", "", _fold(word)) for word in words[: 1 + _LONGEST_KIND]]
    language: Language = None
    start = 0
    if folded and folded[0] in LOG_WORDS:
        language, start = LOG_WORDS[folded[0]], 1
    for size in range(_LONGEST_KIND, 0, -1):  # the longest match: "appel video" before "appel"
        found = KIND_WORDS.get(tuple(folded[start : start + size]))
        if found:
            touch, kind_language = found
            rest = words[start + size :]
            break
    else:
        return None
    if len(rest) > 1 and _fold(rest[0]) in _NAME_FILLERS:
        rest = rest[1:]
    name = _clean(" ".join(rest)).rstrip(" .,;!?…")
    language = language or kind_language
    if not any(c.isalpha() for c in name) or len(name) > MAX_NAME:
        return Unknown(text=text, reason="bad_name", language=language)
    return Log(touch=touch, name=name, summary=_clean(summary) or None, language=language)


def _valid(text: str) -> str:
    """Surrogates paired, lone ones replaced: JSON may carry "\\ud800", which no model accepts."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _bare(text: str) -> str:
    return text.strip(_EDGES).casefold()


def _fold(text: str) -> str:
    """Lower case without accents, so that "Café", "CAFE" and "café" are one word."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _clean(text: str) -> str:
    """One line of printable text: control characters and runs of spaces become one space."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())
