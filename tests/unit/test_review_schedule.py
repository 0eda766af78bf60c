"""The weekly review's schedule, and the time-ordered ids its reads rely on."""

from datetime import UTC, datetime, timedelta

import pytest

from rapport.delivery.schedule_expressions import review_schedule
from rapport.domain.goals import Weekday
from rapport.domain.ids import derived_id, new_id
from rapport.domain.profile import Channels
from rapport.storage import keys
from tests.unit.test_digest import profile

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "day, at, expression",
    [
        (Weekday.FRIDAY, "17:00", "cron(0 17 ? * FRI *)"),
        (Weekday.MONDAY, "08:05", "cron(5 8 ? * MON *)"),
        (Weekday.SUNDAY, "23:59", "cron(59 23 ? * SUN *)"),
    ],
)
def test_every_week_on_the_review_day_in_the_networkers_time_zone(day, at, expression):
    wanted = review_schedule(profile(review_day=day, review_time=at, timezone="Europe/Paris"))
    assert (wanted.expression, wanted.timezone) == (expression, "Europe/Paris")


def test_the_default_is_friday_at_five():
    assert review_schedule(profile()).expression == "cron(0 17 ? * FRI *)"


def test_no_review_without_email_or_an_address():
    assert review_schedule(profile(channels=Channels(email=False, sms=True))) is None
    assert review_schedule(profile(emails=[])) is None


def test_ids_drawn_in_a_moment_fall_in_its_range_of_keys():
    first, last = keys.created_between(keys.INTERACTION_PREFIX, NOW, NOW + timedelta(days=7))
    inside = [new_id(NOW), new_id(NOW + timedelta(days=3)), derived_id(NOW + timedelta(days=7), "sms:m-1")]
    outside = [new_id(NOW - timedelta(milliseconds=1)), new_id(NOW + timedelta(days=7, milliseconds=1))]
    assert all(first <= keys.interaction(i) <= last for i in inside)
    assert not any(first <= keys.interaction(i) <= last for i in outside)


def test_a_derived_id_is_the_same_for_the_same_moment_and_seed_only():
    assert derived_id(NOW, "sms:m-1") == derived_id(NOW, "sms:m-1")
    assert derived_id(NOW, "sms:m-1") != derived_id(NOW, "sms:m-2")
    assert len(derived_id(NOW, "x")) == 32 and derived_id(NOW, "x")[:12] == new_id(NOW)[:12]
