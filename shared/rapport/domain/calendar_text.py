"""A calendar's text before icalendar parses it: its bytes decoded, and its events that cannot be in the
window left out. Parsing is most of the time a read takes (about 2 s a megabyte on a shared machine), and
most of a calendar's years of events are far from a 60-day window.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from datetime import datetime, timedelta

__all__ = ["decode", "narrowed"]

_BLOCK = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$.*?^END:VEVENT[ \t]*\r?$\n?", re.I | re.M | re.S)
_FOLD = re.compile(r"\r?\n[ \t]")
_DAY = re.compile(r"(\d{8})(?:T\d{6}Z?)?")
# An event with one of these may have occurrences anywhere: icalendar reads it.
_OTHER_REPEATS = frozenset({"RDATE", "EXRULE", "RECURRENCE-ID", "DURATION"})
_UNTIL = re.compile(r"UNTIL=(\d{8})")
# Floating and all-day times are in the calendar's zone, up to 14 hours from UTC.
_MARGIN = timedelta(days=2)


def decode(data: bytes) -> str:
    """UTF-8 (a byte order mark dropped), UTF-16 with its mark, else Windows' Latin (what older Outlook
    writes): any byte is read as something."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def narrowed(text: str, start: datetime, end: datetime) -> str:
    """The text without the events that surely end before `start` or begin after `end` (two days of
    margin): those with a plain DTSTART and DTEND (or none), repeating by one RRULE at most (its UNTIL
    the last start), and with a UID of their own (another VEVENT with it could be an override or a later
    SEQUENCE). Anything unusual is kept for icalendar to read."""
    blocks = list(_BLOCK.finditer(text))
    if not blocks:
        return text
    first, last = (start - _MARGIN).strftime("%Y%m%d"), (end + _MARGIN).strftime("%Y%m%d")
    read = [_days_and_uid(block.group()) for block in blocks]
    uids = Counter(uid for _, uid in read if uid)
    kept, at = [], 0
    for block, (days, uid) in zip(blocks, read, strict=True):
        if days is not None and (uid is None or uids[uid] == 1) and (days[1] < first or days[0] > last):
            kept.append(text[at : block.start()])
            at = block.end()
    kept.append(text[at:])
    return "".join(kept)


def _days_and_uid(block: str) -> tuple[tuple[str, str] | None, str | None]:
    """The days (YYYYMMDD) an event's occurrences begin and end at the earliest and the latest, None when
    they are not plain to see; its UID."""
    values: dict[str, list[str]] = {}
    depth = 0
    for line in _FOLD.sub("", block).splitlines()[1:-1]:
        name, _, value = line.partition(":")
        name = name.partition(";")[0].strip().upper()
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        elif depth == 0:
            values.setdefault(name, []).append(line.rpartition(":")[2].strip() if name != "UID" else value.strip())
    uid = values.get("UID", [None])[0]
    starts, ends, rules = values.get("DTSTART", []), values.get("DTEND", []), values.get("RRULE", [])
    if _OTHER_REPEATS & values.keys() or len(starts) != 1 or len(ends) > 1 or len(rules) > 1:
        return None, uid
    try:
        days = sorted(_day(value) for value in starts + ends)  # an end before its start: read swapped
        begin, finish = days[0], days[-1]
        if rules:  # its last occurrence begins on UNTIL, and lasts as long as the first
            until = _UNTIL.search(rules[0].upper())
            finish = _day(until.group(1)) + (finish - begin) if until else datetime.max
    except (ValueError, OverflowError):
        return None, uid
    return (begin.strftime("%Y%m%d"), finish.strftime("%Y%m%d")), uid


def _day(value: str) -> datetime:
    match = _DAY.fullmatch(value)
    if not match:
        raise ValueError(value)
    return datetime.strptime(match.group(1), "%Y%m%d")
