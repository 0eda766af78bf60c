"""Every calendar of ../shared/corpus/calendars (collective/icalendar's test and fuzzing corpus, BSD-2-Clause,
broken calendars included; skipped when absent) is read or refused with a reason, never another exception,
each in bounded time."""

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rapport.domain import calendar_text
from rapport.domain.calendar_occurrences import CalendarProblem, UnreadableCalendar, read_calendar

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "calendars"
CORPUS_FILES = sorted(CORPUS.rglob("*.ics")) if CORPUS.is_dir() else []
# A guard against a walk that never ends, not a figure: a file takes milliseconds. CPU time, so that a loaded
# machine (other tests, other workers) does not count.
SECONDS = 2.0
# The corpus's events are from 1970 to 2030: a window over all of them expands every rule.
WINDOWS = [
    (datetime(1960, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)),
    (datetime(2026, 11, 6, tzinfo=UTC), datetime(2027, 1, 5, tzinfo=UTC)),
]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the calendars corpus is not at {CORPUS}")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[str(p.relative_to(CORPUS)) for p in CORPUS_FILES])
def test_every_calendar_of_the_corpus_is_read_or_refused_with_a_reason(path):
    data = path.read_bytes()
    for start, end in WINDOWS:
        began = time.process_time()
        try:
            reading = read_calendar(data, start, end)
        except UnreadableCalendar as refused:
            assert refused.code in CalendarProblem and refused.detail
        else:
            assert reading.events_seen == len(reading.occurrences)
            assert all(o.uid and o.starts_at.tzinfo is UTC and o.ends_at >= o.starts_at for o in reading.occurrences)
            assert all(o.starts_at < end and (o.ends_at > start or o.starts_at >= start) for o in reading.occurrences)
            assert all(isinstance(problem, str) for problem in reading.problems)
        assert time.process_time() - began < SECONDS, f"{path.name} took over {SECONDS} s"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the calendars corpus is not at {CORPUS}")
def test_the_corpus_is_mostly_read():
    """Refusals are for what is no calendar: the corpus's lone VEVENTs and fuzzed bytes, and a broken few."""
    read, refused = 0, 0
    for path in CORPUS_FILES:
        try:
            read_calendar(path.read_bytes(), *WINDOWS[0])
            read += 1
        except UnreadableCalendar:
            refused += 1
    assert len(CORPUS_FILES) >= 190 and read >= 100


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the calendars corpus is not at {CORPUS}")
def test_leaving_far_events_out_before_parsing_changes_no_occurrence(monkeypatch):
    def outcome(data, start, end):
        try:
            return read_calendar(data, start, end).occurrences
        except UnreadableCalendar as refused:
            return refused.code

    def window(data):  # 60 days around the file's first start: where its events are
        found = re.search(rb"DTSTART[^:\r\n]*:(\d{8})", data)
        day = datetime.strptime(found.group(1).decode(), "%Y%m%d") if found else datetime(2026, 12, 6)
        return day.replace(tzinfo=UTC) - timedelta(days=30), day.replace(tzinfo=UTC) + timedelta(days=30)

    files = {path: path.read_bytes() for path in CORPUS_FILES}
    narrowed = {path: outcome(data, *window(data)) for path, data in files.items()}
    monkeypatch.setattr(calendar_text, "narrowed", lambda text, start, end: text)
    whole = {path: outcome(data, *window(data)) for path, data in files.items()}
    assert {p.name: narrowed[p] for p in CORPUS_FILES if narrowed[p] != whole[p]} == {}
    assert sum(1 for o in whole.values() if isinstance(o, list) and o) >= 25
