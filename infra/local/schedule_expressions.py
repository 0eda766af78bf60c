"""EventBridge Scheduler's schedule expressions: when `cron(...)`, `rate(...)` and `at(...)` fall due.

Evaluated as the Scheduler documents them:
- `cron(minutes hours day-of-month month day-of-week year)` in the schedule's time zone. Each field
  takes `*`, values, ranges `a-b`, steps `*/n` `a/n` `a-b/n` and lists; months may be JAN-DEC and
  days of the week SUN-SAT (1 is Sunday). One of day-of-month and day-of-week is `?`. Day-of-month
  also takes `L` (last day), `LW` (last weekday) and `nW` (the weekday nearest day n, within the
  month); day-of-week takes `nL` (the last such day of the month) and `n#k` (the k-th one).
- Daylight saving time: a local time that does not exist (spring forward) is skipped; a local time
  that happens twice (fall back) fires once, the first time.
- `rate(n minute|minutes|hour|hours|day|days)`: every n units of elapsed time (a day is 24 hours,
  whatever the time zone) from the schedule's StartDate, or from its creation (which fires at once).
- `at(yyyy-mm-ddThh:mm:ss)`: once, at that local time in the schedule's time zone.

Occurrences are instants in UTC; `between(after, until)` yields those in (after, until], in order.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTHS = {name: number for number, name in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_WEEKDAYS = {name: number for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 1)}
_RATE_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
_AT = re.compile(r"at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)")
_RATE = re.compile(r"rate\((\d+) +([a-z]+)\)")
_CRON = re.compile(r"cron\((.*)\)")


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def local_to_utc(local: datetime, tz: ZoneInfo) -> datetime | None:
    """The instant of a wall-clock time in `tz`: None if it does not exist, the first if it happens twice."""
    first = local.replace(tzinfo=tz, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local:
        return None  # skipped by a spring-forward change
    return instant


def _aws_weekday(day: date) -> int:
    """1 for Sunday ... 7 for Saturday, as cron expressions count."""
    return (day.weekday() + 1) % 7 + 1


def _number(token: str, names: dict[str, int], field: str) -> int:
    upper = token.upper()
    if upper in names:
        return names[upper]
    if not token.isdigit():
        raise ValueError(f"{field}: {token!r} is not a number")
    return int(token)


def _values(text: str, low: int, high: int, field: str, names: dict[str, int] | None = None) -> frozenset[int]:
    """The values of one plain cron field: `*`, `a`, `a-b`, with `/step`, comma-separated."""
    names = names or {}
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        if step_text and not step_text.isdigit() or step_text == "0":
            raise ValueError(f"{field}: bad step in {part!r}")
        step = int(step_text) if step_text else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = _number(first, names, field), _number(last, names, field)
        else:
            start = _number(base, names, field)
            end = high if step_text else start
        if not low <= start <= end <= high:
            raise ValueError(f"{field}: {part!r} is outside {low}-{high} or reversed")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class _DayOfMonth:
    days: frozenset[int] = frozenset()
    last: bool = False  # L
    last_weekday: bool = False  # LW
    nearest_weekday: int | None = None  # nW

    def matches(self, day: date) -> bool:
        length = calendar.monthrange(day.year, day.month)[1]
        if self.last:
            return day.day == length
        if self.last_weekday:
            last = date(day.year, day.month, length)
            return day == last - timedelta(days=max(0, last.weekday() - 4))
        if self.nearest_weekday is not None:
            if self.nearest_weekday > length:
                return False
            target = date(day.year, day.month, self.nearest_weekday)
            if target.weekday() == 5:  # Saturday: the Friday before, or the Monday after the 1st
                target += timedelta(days=-1 if target.day > 1 else 2)
            elif target.weekday() == 6:  # Sunday: the Monday after, or the Friday before the last day
                target += timedelta(days=1 if target.day < length else -2)
            return day == target
        return day.day in self.days


@dataclass(frozen=True)
class _DayOfWeek:
    days: frozenset[int] = frozenset()
    last_of_month: int | None = None  # nL
    nth: tuple[int, int] | None = None  # n#k

    def matches(self, day: date) -> bool:
        weekday = _aws_weekday(day)
        if self.last_of_month is not None:
            length = calendar.monthrange(day.year, day.month)[1]
            return weekday == self.last_of_month and day.day + 7 > length
        if self.nth is not None:
            return weekday == self.nth[0] and (day.day - 1) // 7 + 1 == self.nth[1]
        return weekday in self.days


def _day_of_month(text: str) -> _DayOfMonth | None:
    if text == "?":
        return None
    if text == "L":
        return _DayOfMonth(last=True)
    if text == "LW":
        return _DayOfMonth(last_weekday=True)
    if text.endswith("W") and text[:-1].isdigit():
        day = int(text[:-1])
        if not 1 <= day <= 31:
            raise ValueError(f"day-of-month: {text!r} is outside 1-31")
        return _DayOfMonth(nearest_weekday=day)
    return _DayOfMonth(days=_values(text, 1, 31, "day-of-month"))


def _day_of_week(text: str) -> _DayOfWeek | None:
    if text == "?":
        return None
    if text == "L":
        return _DayOfWeek(days=frozenset({7}))
    if text.endswith("L"):
        return _DayOfWeek(last_of_month=_number(text[:-1], _WEEKDAYS, "day-of-week"))
    if "#" in text:
        weekday, _, nth = text.partition("#")
        found = (_number(weekday, _WEEKDAYS, "day-of-week"), _number(nth, {}, "day-of-week"))
        if not (1 <= found[0] <= 7 and 1 <= found[1] <= 5):
            raise ValueError(f"day-of-week: {text!r} is not a weekday 1-7 and an occurrence 1-5")
        return _DayOfWeek(nth=found)
    return _DayOfWeek(days=_values(text, 1, 7, "day-of-week", _WEEKDAYS))


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    day_of_month: _DayOfMonth | None
    months: frozenset[int]
    day_of_week: _DayOfWeek | None
    years: frozenset[int]

    @classmethod
    def parse(cls, fields_text: str) -> Cron:
        fields = fields_text.split()
        if len(fields) != 6:
            raise ValueError(f"cron needs 6 fields (minutes hours day-of-month month day-of-week year), not {fields}")
        minutes, hours, day_of_month, month, day_of_week, year = fields
        if (day_of_month == "?") == (day_of_week == "?"):
            raise ValueError("cron: exactly one of day-of-month and day-of-week must be '?'")
        return cls(
            minutes=_values(minutes, 0, 59, "minutes"),
            hours=_values(hours, 0, 23, "hours"),
            day_of_month=_day_of_month(day_of_month),
            months=_values(month, 1, 12, "month", _MONTHS),
            day_of_week=_day_of_week(day_of_week),
            years=_values(year, 1970, 2199, "year"),
        )

    def _matches(self, day: date) -> bool:
        if day.year not in self.years or day.month not in self.months:
            return False
        if self.day_of_month is not None:
            return self.day_of_month.matches(day)
        return self.day_of_week.matches(day)

    def between(self, after: datetime, until: datetime, tz: ZoneInfo) -> Iterator[datetime]:
        day, last = after.astimezone(tz).date(), until.astimezone(tz).date()
        times = sorted((hour, minute) for hour in self.hours for minute in self.minutes)
        while day <= last:
            if day.year > max(self.years):
                return
            if self._matches(day):
                for hour, minute in times:
                    instant = local_to_utc(datetime(day.year, day.month, day.day, hour, minute), tz)
                    if instant is not None and after < instant <= until:
                        yield instant
            day += timedelta(days=1)


@dataclass(frozen=True)
class Rate:
    every: timedelta

    def between(self, after: datetime, until: datetime, anchor: datetime) -> Iterator[datetime]:
        """anchor, anchor + every, ... within (after, until]."""
        skipped = max(0, (after - anchor) // self.every)
        instant = anchor + skipped * self.every
        while instant <= until:
            if instant > after:
                yield instant
            instant += self.every


@dataclass(frozen=True)
class At:
    local: datetime  # naive, in the schedule's time zone

    def instant(self, tz: ZoneInfo) -> datetime:
        first = self.local.replace(tzinfo=tz, fold=0)
        return first.astimezone(UTC)  # a time skipped by DST lands after the change, as the wall clock reads

    def between(self, after: datetime, until: datetime, tz: ZoneInfo) -> Iterator[datetime]:
        instant = self.instant(tz)
        if after < instant <= until:
            yield instant


Expression = Cron | Rate | At


def parse(expression: str) -> Expression:
    """The expression, or ValueError saying what is wrong with it."""
    text = expression.strip()
    if match := _AT.fullmatch(text):
        try:
            return At(datetime(*(int(group) for group in match.groups())))
        except ValueError as error:
            raise ValueError(f"{expression!r}: {error}") from None
    if match := _RATE.fullmatch(text):
        value, unit = int(match.group(1)), match.group(2)
        if value < 1 or unit not in _RATE_UNITS:
            raise ValueError(f"{expression!r}: a rate is a positive number of minutes, hours or days")
        return Rate(timedelta(seconds=value * _RATE_UNITS[unit]))
    if match := _CRON.fullmatch(text):
        try:
            return Cron.parse(match.group(1))
        except ValueError as error:
            raise ValueError(f"{expression!r}: {error}") from None
    raise ValueError(f"{expression!r} is not a cron(...), rate(...) or at(...) expression")
