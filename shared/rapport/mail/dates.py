"""Dates as mail clients write them in a forward's header block, in any language of the corpus.

No per-client format strings: the text is read for its parts (a zone, a numeric date or a year, a month
name and a day, a time), the way a person would. Month names come from Babel (all its widths and the
genitive forms: "octobre", "Okt.", "października", "října", "жовт."). The few names that mean different
months in different languages ("listopad": November in Polish and Czech, October in Croatian) are read in
the language the header labels were written in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import cache

from babel import Locale

from rapport.mail.headers import normalize

MONTH_LOCALES = (
    "en fr de es it nl pt pt_BR pl ru uk cs sk hu ro hr fi sv nb da tr et".split()  # noqa: SIM905
)
_ZONES = {
    "UTC": 0, "GMT": 0, "UT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "MEZ": 1, "SEČ": 1, "CEST": 2,
    "MESZ": 2, "SELČ": 2, "EET": 2, "OEZ": 2, "EEST": 3, "OESZ": 3, "MSK": 3, "JST": 9, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_OFFSET_ZONE = re.compile(r"(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)")
_NUMERIC_ZONE = re.compile(r"(?<=\s)([+-])(\d{2}):?(\d{2})(?!\d)")
_NAMED_ZONE = re.compile(r"(?<![^\W\d_])(" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")(?![^\W\d_])")
_CJK_DATE = re.compile(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日")
_YMD = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d.:])")
_TIME = re.compile(
    r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?![\d:])(?:\s?([ap])\.?\s?m(?![^\W\d_])\.?)?", re.IGNORECASE
)
_MERIDIEM = re.compile(r"\d\s?[ap]\.?\s?m(?![^\W\d_])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NUMBER = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]{3,40}")
_MAX_LENGTH = 200


@cache
def _months() -> tuple[dict[str, dict[str, int]], dict[str, set[int]]]:
    """name -> {locale: month}, and the wide names (for abbreviations Babel lacks, like Gmail's "lokak.")."""
    names: dict[str, dict[str, int]] = {}
    wide: dict[str, set[int]] = {}
    for code in MONTH_LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for month, name in locale.months[context][width].items():
                    key = normalize(name).strip(".")
                    names.setdefault(key, {})[code] = month
                    if width == "wide":
                        wide.setdefault(key, set()).add(month)
    return names, wide


def _month(token: str, votes: Mapping[str, int]) -> int | None:
    names, wide = _months()
    by_locale = names.get(token)
    if by_locale:
        if len(set(by_locale.values())) == 1:
            return next(iter(by_locale.values()))
        best = max(by_locale, key=lambda code: (votes.get(code, 0), -MONTH_LOCALES.index(code)))
        if votes.get(best, 0):
            return by_locale[best]
        return Counter(by_locale.values()).most_common(1)[0][0]
    if len(token) >= 4:
        found = {month for name, months in wide.items() if name.startswith(token) for month in months}
        if len(found) == 1:
            return found.pop()
    return None


def _blank(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _zone(text: str) -> tuple[timezone | None, str]:
    for pattern in (_OFFSET_ZONE, _NUMERIC_ZONE):
        match = pattern.search(text)
        if match:
            hours, minutes = int(match.group(2)), int(match.group(3) or 0)
            # An impossible offset ("+9999") is no zone, but still no time or year either.
            offset = timedelta(hours=hours, minutes=minutes) if hours <= 23 and minutes <= 59 else None
            zone = None if offset is None else timezone(-offset if match.group(1) == "-" else offset)
            return zone, _blank(text, match.span())
    match = _NAMED_ZONE.search(text)
    if match:
        return timezone(timedelta(hours=_ZONES[match.group(1)])), _blank(text, match.span())
    return None, text


def _numeric_date(text: str) -> tuple[tuple[int, int, int] | None, str]:
    match = _CJK_DATE.search(text) or _YMD.search(text)
    if match:
        year, month, day = (int(g) for g in match.group(1, len(match.groups()) - 1, len(match.groups())))
        return (year, month, day), _blank(text, match.span())
    match = _DMY.search(text)
    if match is None:
        return None, text
    first, separator, second, year_text = match.groups()
    if separator == "." and len(year_text) != 4:
        return None, text
    a, b, year = int(first), int(second), int(year_text)
    year += 2000 if year < 100 else 0
    us = separator == "/" and _MERIDIEM.search(text) is not None
    day, month = (b, a) if (a <= 12 < b) or (us and a <= 12) else (a, b)
    return (year, month, day), _blank(text, match.span())


def _time(text: str) -> tuple[tuple[int, int, int], str]:
    for match in _TIME.finditer(text):
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        meridiem = (match.group(4) or "").lower()
        if meridiem and 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "p" else 0)
        if hour <= 23 and minute <= 59 and second <= 59:
            return (hour, minute, second), _blank(text, match.span())
    return (0, 0, 0), text


def _calendar_date(text: str, votes: Mapping[str, int]) -> tuple[int, int, int] | None:
    year_match = _YEAR.search(text)
    if year_match is None:
        return None
    text = _blank(text, year_match.span())
    months = [(w.start(), month) for w in _WORD.finditer(text) if (month := _month(normalize(w.group()), votes))]
    if not months:
        return None
    before = [m for m in months if m[0] < year_match.start()]
    position, month = before[-1] if before else months[0]
    days = [(abs(n.start() - position), int(n.group())) for n in _NUMBER.finditer(text) if 1 <= int(n.group()) <= 31]
    if not days:
        return None
    return int(year_match.group()), month, min(days)[1]


def parse_date(text: str, votes: Mapping[str, int] | None = None) -> datetime | None:
    """The date and time in `text`, aware when the client wrote a zone, naive otherwise; None if unreadable.

    `votes` counts, per Babel locale, the header labels written in that language (to read ambiguous
    month names).
    """
    text = unicodedata.normalize("NFC", text[:_MAX_LENGTH]).replace("\u202f", " ").replace("\xa0", " ")
    if not any(c.isdigit() for c in text):
        return None
    zone, text = _zone(text)
    ymd, text = _numeric_date(text)
    (hour, minute, second), text = _time(text)
    ymd = ymd or _calendar_date(text, votes or {})
    if ymd is None:
        return None
    try:
        return datetime(*ymd, hour, minute, second, tzinfo=zone)
    except (ValueError, OverflowError):
        return None
