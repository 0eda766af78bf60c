from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.domain import followup
from rapport.domain.contact import DEFAULT_CADENCE, Cadence, Contact
from rapport.domain.followup import Status
from rapport.domain.interaction import Touch
from rapport.domain.vocabulary import Circle, Kind, Stage

ADDED = datetime(2026, 1, 1, 9, tzinfo=UTC)


def contact(stage=Stage.TO_MEET, circle=Circle.ACTIVE, cadence=None, **derived) -> Contact:
    return Contact(
        contact_id="c1",
        name="Claire",
        declared_stage=stage,
        stage=stage,
        circle=circle,
        cadence=cadence,
        created_at=ADDED,
        updated_at=ADDED,
        **derived,
    )


def touch(kind: Kind, day: int, hour: int = 10) -> Touch:
    return Touch(interaction_id=f"i{day}{kind}", kind=kind, occurred_at=datetime(2026, 1, day, hour, tzinfo=UTC))


def derive(c: Contact, touches, zone="UTC"):
    last, first_met = followup.summarise(touches)
    return followup.follow_up(c, last, first_met, zone)


def test_a_coffee_with_someone_to_meet_means_they_met():
    result = derive(contact(), [touch(Kind.COFFEE, 10)])
    assert result.stage is Stage.MET
    assert result.first_met_at == datetime(2026, 1, 10, 10, tzinfo=UTC)
    assert result.next_follow_up_on == date(2026, 2, 9)  # active circle: 30 days


@pytest.mark.parametrize("kind", [Kind.MESSAGE, Kind.EMAIL, Kind.GREETING])
def test_a_message_or_email_does_not_make_a_meeting(kind):
    result = derive(contact(), [touch(kind, 10)])
    assert result.stage is Stage.TO_MEET
    assert result.last_touch_at == datetime(2026, 1, 10, 10, tzinfo=UTC)
    assert result.next_follow_up_on is None  # nothing to follow up before meeting


@pytest.mark.parametrize(
    "kind", sorted(k.value for k in {Kind.MEETING, Kind.COFFEE, Kind.LUNCH, Kind.CALL, Kind.VIDEO_CALL, Kind.EVENT})
)
def test_every_real_conversation_counts_as_meeting(kind):
    assert derive(contact(), [touch(Kind(kind), 3)]).stage is Stage.MET


def test_any_touch_resets_the_follow_up_and_late_touches_count_by_when_they_happened():
    c = contact(Stage.MET)
    in_arrival_order = [touch(Kind.LUNCH, 20), touch(Kind.MESSAGE, 25), touch(Kind.CALL, 5)]  # the call was logged late
    result = derive(c, in_arrival_order)
    assert result.last_touch_at == datetime(2026, 1, 25, 10, tzinfo=UTC)
    assert result.first_met_at == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert result.next_follow_up_on == date(2026, 2, 24)
    assert derive(c, list(reversed(in_arrival_order))) == result


def test_deleting_the_only_conversation_goes_back_to_to_meet():
    assert derive(contact(), [touch(Kind.COFFEE, 10)]).stage is Stage.MET
    assert derive(contact(), []).stage is Stage.TO_MEET


def test_a_contact_declared_met_but_never_touched_counts_from_when_it_was_added():
    result = derive(contact(Stage.MET, Circle.INNER), [])
    assert result.next_follow_up_on == date(2026, 1, 15)


def test_cadence_override_wins_over_the_circle():
    result = derive(contact(Stage.MET, cadence=Cadence(ideal_days=7, max_days=10)), [touch(Kind.CALL, 1, 12)])
    assert result.next_follow_up_on == date(2026, 1, 8)


def test_the_follow_up_date_is_in_the_networker_time_zone():
    late_evening_in_paris = Touch(
        interaction_id="i", kind=Kind.CALL, occurred_at=datetime(2026, 1, 10, 23, 30, tzinfo=UTC)
    )
    assert derive(contact(Stage.MET), [late_evening_in_paris], "Europe/Paris").next_follow_up_on == date(2026, 2, 10)
    assert derive(contact(Stage.MET), [late_evening_in_paris], "UTC").next_follow_up_on == date(2026, 2, 9)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 8), Status.OK),
        (date(2026, 2, 9), Status.DUE),  # the ideal date
        (date(2026, 2, 24), Status.DUE),  # the maximum date itself (45 days)
        (date(2026, 2, 25), Status.OVERDUE),  # past the maximum
    ],
)
def test_due_from_the_ideal_date_and_overdue_past_the_maximum(today, expected):
    c = contact(Stage.MET, next_follow_up_on=date(2026, 2, 9), last_touch_at=datetime(2026, 1, 10, tzinfo=UTC))
    assert followup.status(c, today) is expected


def test_no_status_while_still_to_meet():
    assert followup.status(contact(), date(2026, 5, 1)) is None
    assert followup.health(DEFAULT_CADENCE[Circle.ACTIVE], None) is None


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, 100), (15, 88), (30, 75), (45, 50), (90, 25), (-3, 100)],
)
def test_health_falls_from_100_through_75_at_ideal_and_50_at_maximum(days, expected):
    assert followup.health(Cadence(ideal_days=30, max_days=45), days) == expected


def test_health_is_bounded_and_decreasing():
    cadence = DEFAULT_CADENCE[Circle.INNER]
    scores = [followup.health(cadence, d) for d in range(0, 400)]
    assert all(0 <= s <= 100 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_days_since_last_touch_is_counted_from_the_follow_up_date():
    c = contact(Stage.MET, next_follow_up_on=date(2026, 2, 9))
    assert followup.days_since_last_touch(c, date(2026, 2, 9) + timedelta(days=5)) == 35
