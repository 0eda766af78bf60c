"""Guards around `icalendar` and dateutil, shared by the invitations read in mail and the calendars read
by the calendar sync.

- `fresh_zones`: icalendar's cache of time zones built from VTIMEZONE components is process-wide and
  keeps the first definition of a TZID, so one calendar's "Pacific Standard Time" would be used for the
  next one's (and the cache would grow with every TZID ever read): it is emptied around each read.
- `zones_cost`: a VTIMEZONE's offsets are computed lazily by dateutil, which walks the zone's recurrence
  rules from their start to the time asked: a 300-byte zone with FREQ=SECONDLY takes hours. The cost of
  the walk is estimated before any time in such a zone is used.
- `rule_cost`: the same for an event's RRULE, which dateutil walks from DTSTART to the end of the window
  asked (and, when the rule's filters never match again, to the year 9999).

Imports nothing heavy: callers import icalendar themselves, on first use.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from math import prod
from typing import Any

__all__ = ["ZONE_COST_LIMIT", "all_values", "first_value", "fresh_zones", "rule_cost", "time_of", "zones_cost"]

# At most this many steps of a VTIMEZONE's recurrence rules are walked to find an offset (see
# `_observance_cost`): a real zone from 1601 (Outlook) to this century costs ~5,000.
ZONE_COST_LIMIT = 50_000
# What real VTIMEZONE rules use ("the second Sunday of March"); anything else is not walked.
_ZONE_RULE_PARTS = frozenset(
    "FREQ INTERVAL UNTIL COUNT WKST BYMONTH BYDAY BYMONTHDAY BYHOUR BYMINUTE BYSECOND BYSETPOS".split()
)
# An event rule's period in seconds, and how many days dateutil looks at in one period.
_PERIODS = {
    "YEARLY": (366 * 86_400, 366),
    "MONTHLY": (28 * 86_400, 31),
    "WEEKLY": (7 * 86_400, 7),
    "DAILY": (86_400, 1),
    "HOURLY": (3_600, 1),
    "MINUTELY": (60, 1),
    "SECONDLY": (1, 1),
}
# dateutil's iteration ends in the year 9999 when a rule's filters no longer match anything.
_LAST = datetime(9999, 12, 31)
_EXPANDING = {"BYHOUR", "BYMINUTE", "BYSECOND"}  # times of day, in rules of a day or longer
_LONG = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}


@contextmanager
def fresh_zones() -> Iterator[None]:
    """An empty icalendar time zone cache while the block reads one calendar, emptied again after it;
    icalendar's warnings (guessed TZIDs, deprecated forms) silenced: a guess is all there is."""
    import icalendar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]
        try:
            yield
        finally:
            icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]


def zones_cost(components: list[Any], year: int) -> int:
    """About how many steps dateutil takes to find offsets in `year` in every VTIMEZONE of the data: all
    count, as icalendar may resolve a TZID to another one's (a "/vendor/Zone" TZID to "Zone", a later
    VCALENDAR's). Compare with ZONE_COST_LIMIT."""
    cost = 0
    stack = [(component, False) for component in components]
    while stack:  # not recursive: components can be nested thousands deep
        component, in_zone = stack.pop()
        if in_zone:
            cost += _observance_cost(component, year)
        inside = in_zone or component.name == "VTIMEZONE"
        stack.extend((child, inside) for child in component.subcomponents)
    return cost


def _observance_cost(observance: Any, year: int) -> int:
    """About how many occurrences dateutil walks through in an observance (STANDARD, DAYLIGHT) to find the
    offset of a time in `year`: its rules' occurrences per year from its start, and its dates."""
    start = time_of(first_value(observance, "DTSTART"))
    years = max(1, year - start.year + 1) if isinstance(start, date) else 10_000
    cost = sum(
        years * _yearly_occurrences(rule) for name in ("RRULE", "EXRULE") for rule in all_values(observance, name)
    )
    for name in ("RDATE", "EXDATE"):
        cost += sum(len(getattr(dates, "dts", ())) or ZONE_COST_LIMIT + 1 for dates in all_values(observance, name))
    return cost


def _yearly_occurrences(rule: Any) -> int:
    """At most how many times a year a rule fires; over the limit when it is not a yearly one on months,
    days and times of day."""
    if not isinstance(rule, dict) or set(rule) - _ZONE_RULE_PARTS:
        return ZONE_COST_LIMIT + 1
    if [str(freq).upper() for freq in rule.get("FREQ", ())] != ["YEARLY"]:
        return ZONE_COST_LIMIT + 1
    days = len(rule.get("BYMONTHDAY", ())) or 5 * len(rule.get("BYDAY", ()))  # up to 5 Sundays a month
    months = len(rule.get("BYMONTH", ())) or (12 if days else 1)
    times = prod(len(rule.get(part, ())) or 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND"))
    return months * max(days, 1) * times


def rule_cost(rule: Any, start: datetime, end: datetime) -> int | None:
    """About how much work dateutil does to walk an event's RRULE from `start` (its DTSTART, naive) to
    `end` (the end of the window, naive): periods walked times the days and times looked at in each.
    A rule whose filters may stop matching is walked to the year 9999 (dateutil's end). None for a rule
    that is not understood (dateutil would refuse it, or walk it unpredictably)."""
    if not isinstance(rule, dict):
        return None
    freqs = [str(freq).upper() for freq in rule.get("FREQ", ())]
    if len(freqs) != 1 or freqs[0] not in _PERIODS:
        return None
    try:
        interval = max(1, int(rule.get("INTERVAL", [1])[0]))
    except (TypeError, ValueError, IndexError):
        return None
    seconds, days = _PERIODS[freqs[0]]
    last = end if _matches_often(freqs[0], interval, rule) else _LAST
    until = (rule.get("UNTIL") or [None])[0]
    if isinstance(until, date) and last is end:  # UNTIL ends the walk of a rule that matches often
        until = until if isinstance(until, datetime) else datetime(until.year, until.month, until.day)
        last = min(last, until.replace(tzinfo=None))
    periods = max(0.0, (last - start).total_seconds()) // (seconds * interval) + 1
    times = prod(len(rule.get(part, ())) or 1 for part in _EXPANDING) if freqs[0] in _LONG else 1
    return int(periods * (10 + days * times))


def _matches_often(freq: str, interval: int, rule: dict[str, Any]) -> bool:
    """Whether every period, or every few, surely has a time that matches: the rules calendars write
    ("every second Tuesday", "weekdays", "the 31st of March", "the last Friday", "the second weekday").
    Other rules may stop matching, and dateutil then walks them to the year 9999."""
    parts = {name for name in rule if name.startswith("BY")}
    if freq in _LONG:
        parts -= _EXPANDING  # times of day add times, they filter nothing
    if not parts:
        return True
    if parts - {"BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"} or {"BYDAY", "BYMONTHDAY"} <= parts:
        return False
    months = _numbers(rule.get("BYMONTH", []), 12)
    if months is None or min(months, default=1) < 1 or (months and freq != "YEARLY" and interval != 1):
        return False
    if "BYSETPOS" in parts and (freq not in ("MONTHLY", "YEARLY") or _numbers(rule["BYSETPOS"], 4) is None):
        return False
    if "BYMONTHDAY" in parts:  # a day that some month of the rule has (every month when the interval skips some)
        longest = (
            max((_MONTH_DAYS[month - 1] for month in months), default=31) if interval == 1 or freq == "YEARLY" else 28
        )
        return freq in ("MONTHLY", "YEARLY") and _numbers(rule["BYMONTHDAY"], longest) is not None
    if "BYDAY" in parts:
        return _days_match_often(freq, interval, rule["BYDAY"], bool(months))
    return True


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_match_often(freq: str, interval: int, days: list[Any], by_month: bool) -> bool:
    ordinals = [str(day).strip()[:-2] for day in days]  # "2TU" -> "2", "MO" -> ""
    if not any(ordinals):  # every other day, every third...: all weekdays come, unless every seventh
        return freq in ("WEEKLY", "MONTHLY", "YEARLY") or interval == 1 or (freq == "DAILY" and interval % 7 != 0)
    if freq == "MONTHLY":  # a fifth Friday: a few months a year
        return _numbers(ordinals, 5 if interval == 1 and not by_month else 4) is not None
    limit = 4 if by_month else 52
    return freq == "YEARLY" and _numbers(ordinals, limit) is not None


def _numbers(values: list[Any], limit: int) -> list[int] | None:
    """The values as numbers from 1 to `limit` (or as far below zero: from the end); None when one is not."""
    try:
        numbers = [int(str(value).strip() or 1) for value in values]
    except ValueError:
        return None
    return numbers if all(1 <= abs(number) <= limit for number in numbers) else None


def time_of(prop: Any) -> Any:
    """A time property's value (`.dt`); None when there is none or icalendar cannot read it (a broken
    value raises on `.dt`)."""
    try:
        return getattr(prop, "dt", None)
    except Exception:
        return None


def all_values(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def first_value(component: Any, name: str) -> Any:
    values = all_values(component, name)
    return values[0] if values else None
