"""Limits over sliding windows: how many attempts count, and when one more is allowed."""

from datetime import UTC, datetime, timedelta

from rapport.domain.limits import CODES_TEXTED, WRONG_CODES, Attempts

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)


def attempts(*ago: timedelta) -> Attempts:
    return Attempts(times=[NOW - a for a in ago], version=len(ago))


def test_three_an_hour_then_the_oldest_of_them_must_leave_the_window():
    assert attempts().allowed_at(NOW, CODES_TEXTED) is None
    assert attempts(timedelta(minutes=50), timedelta(minutes=5)).allowed_at(NOW, CODES_TEXTED) is None
    three = attempts(timedelta(minutes=50), timedelta(minutes=20), timedelta(minutes=5))
    assert three.allowed_at(NOW, CODES_TEXTED) == NOW + timedelta(minutes=10)
    assert three.allowed_at(NOW + timedelta(minutes=10), CODES_TEXTED) is None  # exactly an hour later


def test_ten_a_day_whatever_the_hours():
    day = attempts(*(timedelta(hours=h) for h in (23, 20, 18, 15, 12, 10, 8, 6, 4, 2)))
    assert day.allowed_at(NOW, CODES_TEXTED) == NOW + timedelta(hours=1)  # when the one 23 h ago is a day old
    assert (
        attempts(*(timedelta(hours=h) for h in (25, 20, 18, 15, 12, 10, 8, 6, 4))).allowed_at(NOW, CODES_TEXTED) is None
    )


def test_counting_one_more_keeps_only_what_can_still_count():
    counted = attempts(timedelta(days=2), timedelta(hours=3)).plus(NOW, CODES_TEXTED)
    assert counted.times == [NOW - timedelta(hours=3), NOW] and counted.version == 3
    assert counted.expires_at(CODES_TEXTED) == NOW + timedelta(days=1)
    assert Attempts().plus(NOW, WRONG_CODES).version == 1


def test_wrong_codes_left_in_the_hour():
    wrong = attempts(timedelta(minutes=61), timedelta(minutes=30), timedelta(minutes=1))
    assert wrong.left(NOW, WRONG_CODES[0]) == 3
    assert attempts(*[timedelta(minutes=m) for m in range(5)]).allowed_at(NOW, WRONG_CODES) == NOW + timedelta(
        minutes=56
    )
