from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from rapport.domain.contact import DEFAULT_CADENCE, Contact
from rapport.domain.goals import Weekday, WeeklyGoals
from rapport.domain.interaction import Interaction, Source
from rapport.domain.introductions import Introduction, IntroductionStatus
from rapport.domain.review import (
    Actuals,
    GoalResult,
    Week,
    actuals,
    compose,
    cooling,
    first_met_in,
    on_target,
    results,
    streak,
    touches_by_week,
    week_ending,
    week_of,
    weeks_up_to,
    without_follow_up,
)
from rapport.domain.vocabulary import Circle, Direction, Kind, Stage

PARIS = "Europe/Paris"
ADDED = datetime(2025, 6, 1, 9, tzinfo=UTC)
SUNDAY = date(2026, 2, 8)  # the review day: the week runs Monday 2 to Sunday 8 February
WEEK = week_ending(SUNDAY)


def contact(contact_id: str, name: str = "", circle=Circle.ACTIVE, stage=Stage.MET, **fields) -> Contact:
    """A contact whose follow-up date derives from its last touch, as the stream reaction sets it."""
    last = fields.get("last_touch_at")
    if stage is Stage.MET and last and "next_follow_up_on" not in fields:
        fields["next_follow_up_on"] = last.date() + timedelta(days=DEFAULT_CADENCE[circle].ideal_days)
    return Contact(
        contact_id=contact_id, name=name or contact_id, declared_stage=stage, stage=stage, circle=circle,
        created_at=ADDED, updated_at=ADDED, **fields,
    )  # fmt: skip


def touched(days_before_review: int) -> dict:
    """A last touch that many days before the review day."""
    return {"last_touch_at": datetime.combine(SUNDAY - timedelta(days=days_before_review), datetime.min.time(), UTC)}


def interaction(at: datetime, kind=Kind.COFFEE, direction=Direction.MUTUAL) -> Interaction:
    return Interaction(
        interaction_id=f"i{at:%m%d%H%M}{kind}", kind=kind, direction=direction, occurred_at=at, contact_ids=["c1"],
        source=Source.API, created_at=at,
    )  # fmt: skip


def introduction(made_at: datetime | None) -> Introduction:
    status = IntroductionStatus.MADE if made_at else IntroductionStatus.ACCEPTED
    return Introduction(
        introduction_id=f"x{made_at}", contact_ids=["c1", "c2"], reason="both in fintech", status=status,
        created_at=ADDED, updated_at=ADDED, made_at=made_at,
    )  # fmt: skip


def test_the_week_is_the_seven_days_ending_on_the_review_day():
    assert WEEK == Week(first=date(2026, 2, 2), last=date(2026, 2, 8))
    assert week_ending(date(2024, 3, 1)) == Week(first=date(2024, 2, 24), last=date(2024, 3, 1))  # a leap year


def test_weekdays_name_their_cron_day():
    assert [d.cron_day for d in Weekday] == ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
    assert Weekday("friday").cron_day == "FRI"


def test_goals_are_optional_bounded_and_nothing_else():
    idle = Actuals(new_people=0, touches=0, help_given=0, introductions=0)
    assert on_target(results(WeeklyGoals(), idle)) is None  # no goal set
    assert on_target(results(WeeklyGoals(introductions=0), idle)) is True  # zero is a goal too
    for bad in ({"touches": -1}, {"touches": 1001}, {"touches": "many"}, {"calls": 3}):
        with pytest.raises(ValidationError):
            WeeklyGoals.model_validate(bad)


def test_actuals_count_the_local_days_of_the_week_in_paris():
    interactions = [
        interaction(datetime(2026, 2, 1, 22, 30, tzinfo=UTC)),  # 23:30 Sunday 1 in Paris: the week before
        interaction(datetime(2026, 2, 1, 23, 30, tzinfo=UTC)),  # 00:30 Monday 2 in Paris
        interaction(datetime(2026, 2, 4, 12, tzinfo=UTC), Kind.HELP, Direction.OUTBOUND),
        interaction(datetime(2026, 2, 5, 12, tzinfo=UTC), Kind.HELP, Direction.MUTUAL),
        interaction(datetime(2026, 2, 6, 12, tzinfo=UTC), Kind.HELP, Direction.INBOUND),  # they helped
        interaction(datetime(2026, 2, 8, 22, 30, tzinfo=UTC)),  # 23:30 Sunday 8 in Paris
        interaction(datetime(2026, 2, 8, 23, 30, tzinfo=UTC), Kind.HELP),  # 00:30 Monday 9 in Paris: next week
    ]
    met = [
        contact("new", first_met_at=datetime(2026, 2, 8, 22, 30, tzinfo=UTC)),
        contact("late", first_met_at=datetime(2026, 2, 8, 23, 30, tzinfo=UTC)),
        contact("old", first_met_at=datetime(2025, 12, 1, 12, tzinfo=UTC)),
        contact("never", stage=Stage.MET),
    ]
    intros = [
        introduction(datetime(2026, 2, 3, 10, tzinfo=UTC)),
        introduction(datetime(2026, 1, 30, 10, tzinfo=UTC)),
        introduction(None),  # accepted, not made
    ]
    assert actuals(WEEK, met, interactions, intros, PARIS) == Actuals(
        new_people=1, touches=5, help_given=2, introductions=1
    )
    assert [c.contact_id for c in first_met_in(WEEK, met, PARIS)] == ["new"]
    # In UTC the day boundaries move: the 23:30 UTC touches fall on the 1st and the 8th.
    assert actuals(WEEK, met, interactions, intros, "UTC").touches == 5
    assert actuals(WEEK, met, interactions, intros, "UTC").help_given == 3


def test_results_say_for_each_goal_whether_it_is_met():
    goals = WeeklyGoals(new_people=2, touches=10)
    week = Actuals(new_people=3, touches=7, help_given=1, introductions=0)
    found = results(goals, week)
    assert found == [
        GoalResult(goal="new_people", target=2, actual=3, met=True),
        GoalResult(goal="touches", target=10, actual=7, met=False),
        GoalResult(goal="help_given", target=None, actual=1, met=None),
        GoalResult(goal="introductions", target=None, actual=0, met=None),
    ]
    assert on_target(found) is False
    assert on_target(results(WeeklyGoals(new_people=3, introductions=0), week)) is True  # exactly met counts
    assert on_target(results(WeeklyGoals(), week)) is None


def test_the_streak_counts_weeks_on_target_in_a_row():
    run, previous = [], None
    for week_on_target in (True, True, False, True):
        previous = streak(previous, week_on_target)
        run.append(previous)
    assert run == [1, 2, 0, 1]
    assert streak(4, None) == 4 and streak(None, None) == 0  # no goal set: the streak waits


def test_cooling_lists_met_contacts_that_crossed_a_threshold_this_week():
    contacts = [
        # Inner circle, 14/21 days: 14 days since on Sunday 1 (health 75), 21 on Sunday 8 (50): became due.
        contact("due", "Dora", Circle.INNER, **touched(21)),
        # Active circle, 30/45 days: 72 before the week, 60 now: already due, nothing new.
        contact("already", "Alba", **touched(39)),
        # Active: 45 days since on Sunday 1 (50), 52 now: became overdue.
        contact("overdue", "Omar", **touched(52)),
        # Active: 28 days now (health 77): still fine.
        contact("fine", "Fanny", **touched(28)),
        # Never met: no follow-up, whatever happened.
        contact("to-meet", "Theo", stage=Stage.TO_MEET, **touched(60)),
        # Touched during the week: warmer, not cooler.
        contact("warm", "Wendy", Circle.INNER, **touched(2)),
    ]
    found = cooling(contacts, WEEK)
    assert [(c.contact.contact_id, c.health_before, c.health_now) for c in found] == [
        ("due", 75, 50),
        ("overdue", 50, 43),
    ]
    assert found[0].contact.status == "due" and found[1].contact.status == "overdue"


def test_cooling_orders_by_circle_then_coldest_then_name_and_stops_at_the_limit():
    contacts = [
        contact("n1", "Zed", Circle.NETWORK, **touched(95)),  # network 90/135: 76 before, 72 now
        contact("a2", "Bea", **touched(33)),  # active: 78 before, 70 now
        contact("a1", "Ann", **touched(33)),
        contact("a3", "Cid", **touched(34)),  # 78 before, 68 now
        contact("i1", "Ida", Circle.INNER, **touched(20)),  # inner: 77 before, 54 now
    ]
    assert [c.contact.contact_id for c in cooling(contacts, WEEK)] == ["i1", "a3", "a1", "a2", "n1"]
    assert [c.contact.contact_id for c in cooling(contacts, WEEK, limit=2)] == ["i1", "a3"]


def test_people_met_this_week_without_a_follow_up():
    first = datetime(2026, 2, 3, 10, tzinfo=UTC)
    met = [
        contact("thanked", first_met_at=first, last_touch_at=first + timedelta(days=1)),  # a thank-you sent
        contact("b", "Bruno", first_met_at=first + timedelta(days=2), last_touch_at=first + timedelta(days=2)),
        contact("planned", first_met_at=first, last_touch_at=first),  # a meeting planned ahead
        contact("a2", "Zoe", first_met_at=first, last_touch_at=first),
        contact("a1", "Alice", first_met_at=first, last_touch_at=first),
    ]
    alone = without_follow_up(met, planned={"planned"})
    assert [c.contact_id for c in alone] == ["a1", "a2", "b"]
    assert without_follow_up([], set()) == []


def test_compose_makes_the_review():
    first = datetime(2026, 2, 5, 10, tzinfo=UTC)
    newcomer = contact("n", "Nina", first_met_at=first, last_touch_at=first)
    cooled = cooling([contact("due", "Dora", Circle.INNER, **touched(21))], WEEK)
    week = Actuals(new_people=1, touches=4, help_given=0, introductions=0)
    review = compose("n1", WEEK, WeeklyGoals(touches=3), week, 2, cooled, [newcomer], SUNDAY)
    assert (review.networker_id, review.week, review.on_target, review.streak) == ("n1", WEEK, True, 3)
    assert [r.met for r in review.results] == [None, True, None, None]
    assert review.cooling == cooled
    [view] = review.unplanned
    assert (view.contact_id, view.health, view.days_since_last_touch) == ("n", 98, 3)
    missed = compose("n1", WEEK, WeeklyGoals(touches=5), week, 2, [], [], SUNDAY)
    assert (missed.on_target, missed.streak, missed.cooling, missed.unplanned) == (False, 0, [], [])
    assert compose("n1", WEEK, WeeklyGoals(), week, 2, [], [], SUNDAY).streak == 2


def test_weekly_reviews_across_a_month_with_a_goal_met_and_one_missed():
    """Four weeks of touches in Paris against 3 touches and 1 help given a week: met, met, missed, met."""
    goals = WeeklyGoals(touches=3, help_given=1)

    def at(day: date, hour: int = 12) -> datetime:
        return datetime.combine(day, datetime.min.time(), UTC).replace(hour=hour)

    mondays = [date(2026, 2, 2) + timedelta(weeks=n) for n in range(4)]
    plan = [  # (touches of the week besides help, direction of its help touch or None)
        (2, Direction.OUTBOUND),
        (3, Direction.MUTUAL),
        (5, Direction.INBOUND),  # touches enough, but they helped: help given missed
        (2, Direction.OUTBOUND),
    ]
    everything = []
    for monday, (plain, helped) in zip(mondays, plan, strict=True):
        everything += [interaction(at(monday + timedelta(days=d))) for d in range(plain)]
        everything.append(interaction(at(monday + timedelta(days=6), 22), Kind.HELP, helped))  # 23:00 Sunday
    previous, seen = None, []
    for monday in mondays:
        week = week_ending(monday + timedelta(days=6))
        review = compose("n1", week, goals, actuals(week, [], everything, [], PARIS), previous, [], [], week.last)
        previous = review.streak
        seen.append(([(r.actual, r.met) for r in review.results[1:3]], review.on_target, review.streak))
    assert seen == [
        ([(3, True), (1, True)], True, 1),
        ([(4, True), (1, True)], True, 2),
        ([(6, True), (0, False)], False, 0),
        ([(3, True), (1, True)], True, 1),
    ]


@pytest.mark.parametrize(
    "day, review_day, last",
    [
        (date(2026, 2, 4), Weekday.SUNDAY, SUNDAY),  # a Wednesday: the week ends on the coming Sunday
        (SUNDAY, Weekday.SUNDAY, SUNDAY),  # the review day is the week's last
        (date(2026, 2, 9), Weekday.SUNDAY, date(2026, 2, 15)),  # the day after: a new week
        (date(2026, 2, 4), Weekday.MONDAY, date(2026, 2, 9)),
    ],
)
def test_the_week_of_a_day_ends_on_the_next_review_day(day, review_day, last):
    assert week_of(day, review_day) == week_ending(last)


def test_weeks_up_to_a_week_are_consecutive_oldest_first():
    weeks = weeks_up_to(WEEK, 12)
    assert len(weeks) == 12 and weeks[-1] == WEEK and weeks[0].first == date(2025, 11, 17)
    assert all(
        later.first == earlier.last + timedelta(days=1) for earlier, later in zip(weeks, weeks[1:], strict=False)
    )


def test_touches_are_counted_in_the_week_they_happened_by_local_days():
    weeks = weeks_up_to(WEEK, 2)
    touches = [
        interaction(datetime(2026, 2, 1, 22, 30, tzinfo=UTC)),  # Sunday 1 February, 23:30 in Paris: last week
        interaction(datetime(2026, 2, 1, 23, 30, tzinfo=UTC)),  # Monday 2 February, 00:30 in Paris: this week
        interaction(datetime(2026, 1, 10, 9, tzinfo=UTC)),  # before both
    ]
    assert [w.touches for w in touches_by_week(weeks, touches, PARIS)] == [1, 1]
