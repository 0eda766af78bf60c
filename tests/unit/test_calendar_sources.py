"""Calendar sources' domain: the problem words in both languages, the occurrence keys."""

from __future__ import annotations

import re

import pytest

from rapport.domain.calendar_sources import PROBLEMS, READ_PROBLEMS, occurrence_key, problem_words
from rapport.domain.locale import Locale


@pytest.mark.parametrize("code", PROBLEMS)
def test_every_problem_has_its_own_words_in_both_languages(code):
    english, french = problem_words(code, Locale.EN), problem_words(code, Locale.FR)
    assert english != problem_words("unknown", Locale.EN) and french != problem_words("unknown", Locale.FR)
    assert english != french
    assert "'" not in english + french  # curly apostrophes
    assert not re.search(r"[^\u202f][;:!?»]", french) and not re.search(r"«[^\u202f]", french)


def test_an_unknown_problem_is_still_said():
    assert problem_words("teapot", Locale.FR) == "L’agenda n’a pas pu être lu."
    assert problem_words("teapot", "en") == "The calendar could not be read."


def test_the_reading_s_problems_are_the_calendar_events_ones():
    calendar_events = pytest.importorskip("rapport.domain.calendar_events")  # cal-read's
    # stored and shown lowercase, as the sync writes them (`error.code.value.lower()`)
    assert set(READ_PROBLEMS) == {problem.value.lower() for problem in calendar_events.CalendarProblem}


def test_an_occurrence_key_is_its_uid_and_recurrence_id():
    single = occurrence_key("abc@google.com", None)
    assert single == occurrence_key("abc@google.com", None) and len(single) == 32
    assert single != occurrence_key("abc@google.com", "2026-12-01T09:00:00+00:00")
    assert occurrence_key("ab", None) != occurrence_key("a", "b")


def test_a_source_and_a_mark_are_stored_in_their_pinned_shapes():
    from datetime import UTC, datetime

    from rapport.domain.calendar_sources import CalendarSource, Mark, MarkState
    from rapport.storage.shapes import calendar as shape

    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    source = CalendarSource(
        calendar_id="cal1", url_encrypted="c2VhbGVk", url_masked="https://x.example/…", url_fingerprint="fp",
        added_at=at, error_code="timeout", error_since=at,
    )  # fmt: skip
    stored = shape.to_item(source)
    assert stored == {
        "calendar_id": "cal1",
        "url_encrypted": "c2VhbGVk",
        "url_masked": "https://x.example/…",
        "url_fingerprint": "fp",
        "name": None,
        "added_at": "2026-12-01T09:00:00Z",
        "etag": None,
        "last_modified": None,
        "content_hash": None,
        "synced_at": None,
        "events_seen": 0,
        "touches_logged": 0,
        "error_code": "timeout",
        "error_since": "2026-12-01T09:00:00Z",
        "error_told": False,
        "next_ending_at": None,
        "version": 1,
    }
    assert shape.from_item({k: v for k, v in stored.items() if v is not None}) == source
    mark = Mark(occurrence_key="k", state=MarkState.PLANNED, starts_at=at, ends_at=at, fingerprint="f", meeting_id="m")
    assert shape.mark_to_item(mark)["expiration"] == int(datetime(2027, 1, 15, 9, 0, tzinfo=UTC).timestamp())
    assert shape.mark_to_item(mark)["state"] == "planned"
    assert shape.mark_from_item(shape.mark_to_item(mark)) == mark
