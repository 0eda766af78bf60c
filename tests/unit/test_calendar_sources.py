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
    assert set(READ_PROBLEMS) == {problem.value for problem in calendar_events.CalendarProblem}


def test_an_occurrence_key_is_its_uid_and_recurrence_id():
    single = occurrence_key("abc@google.com", None)
    assert single == occurrence_key("abc@google.com", None) and len(single) == 32
    assert single != occurrence_key("abc@google.com", "2026-12-01T09:00:00+00:00")
    assert occurrence_key("ab", None) != occurrence_key("a", "b")
