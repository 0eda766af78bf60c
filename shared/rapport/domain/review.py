"""Weekly goals and the weekly review: what the week brought against what the networker aimed for. Pure.

A goal met every week makes a streak; a review also lists the relationships that cooled during the
week and the people first met who have no follow-up yet, while a thank-you is still timely.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import Field

from rapport.domain import followup
from rapport.domain.contact import Contact
from rapport.domain.followup import local_date
from rapport.domain.goals import GOALS, Weekday, WeeklyGoals
from rapport.domain.interaction import Interaction
from rapport.domain.introductions import Introduction
from rapport.domain.model import Model
from rapport.domain.views import ContactView
from rapport.domain.vocabulary import Circle, Direction, Kind, Stage

DUE, OVERDUE = 75, 50  # the health at the ideal date and at the maximum interval


class Week(Model):
    first: date
    last: date  # included: seven days

    def holds(self, moment: datetime, timezone: str) -> bool:
        return self.first <= local_date(moment, timezone) <= self.last


def week_ending(day: date) -> Week:
    """The seven local days ending on `day`, the review day included."""
    return Week(first=day - timedelta(days=6), last=day)


def week_of(day: date, review_day: Weekday) -> Week:
    """The review week holding `day`: it ends on the next review day, `day` itself included."""
    ahead = (list(Weekday).index(review_day) - day.weekday()) % 7
    return week_ending(day + timedelta(days=ahead))


def weeks_up_to(week: Week, count: int) -> list[Week]:
    """`count` weeks, oldest first, the last being `week`."""
    return [week_ending(week.last - timedelta(days=7 * back)) for back in reversed(range(count))]


class WeekCount(Model):
    first: date
    last: date
    touches: int


def touches_by_week(weeks: list[Week], interactions: list[Interaction], timezone: str) -> list[WeekCount]:
    """The touches of each week, by the networker's local days (as `actuals` counts them)."""
    return [
        WeekCount(first=w.first, last=w.last, touches=sum(w.holds(i.occurred_at, timezone) for i in interactions))
        for w in weeks
    ]


class Actuals(Model):
    new_people: int
    touches: int
    help_given: int
    introductions: int


def first_met_in(week: Week, contacts: list[Contact], timezone: str) -> list[Contact]:
    """The contacts first met during the week."""
    return [c for c in contacts if c.first_met_at and week.holds(c.first_met_at, timezone)]


def actuals(
    week: Week, met: list[Contact], interactions: list[Interaction], introductions: list[Introduction], timezone: str
) -> Actuals:
    """What the week brought, by the networker's local days; anything outside the week is left out."""
    touches = [i for i in interactions if week.holds(i.occurred_at, timezone)]
    helped = [t for t in touches if t.kind is Kind.HELP and t.direction in (Direction.OUTBOUND, Direction.MUTUAL)]
    made = [i for i in introductions if i.made_at and week.holds(i.made_at, timezone)]
    new = first_met_in(week, met, timezone)
    return Actuals(new_people=len(new), touches=len(touches), help_given=len(helped), introductions=len(made))


class GoalResult(Model):
    goal: str  # the name of the WeeklyGoals field
    target: int | None
    actual: int
    met: bool | None  # None when no target is set


def results(goals: WeeklyGoals, actuals: Actuals) -> list[GoalResult]:
    """Every goal, set or not, in the order of WeeklyGoals."""
    found = []
    for goal in GOALS:
        target, actual = getattr(goals, goal), getattr(actuals, goal)
        met = None if target is None else actual >= target
        found.append(GoalResult(goal=goal, target=target, actual=actual, met=met))
    return found


def on_target(results: list[GoalResult]) -> bool | None:
    """True when every goal set is met; None when none is set."""
    verdicts = [r.met for r in results if r.met is not None]
    return all(verdicts) if verdicts else None


def streak(previous_streak: int | None, on_target: bool | None) -> int:
    """Weeks on target in a row, this one included; a week without goals neither adds nor breaks it."""
    if on_target is None:
        return previous_streak or 0
    return (previous_streak or 0) + 1 if on_target else 0


class Cooling(Model):
    contact: ContactView
    health_before: int
    health_now: int


def _health(contact: Contact, day: date) -> int | None:
    return followup.health(contact.effective_cadence, followup.days_since_last_touch(contact, day))


def cooling(contacts: list[Contact], week: Week, limit: int = 5) -> list[Cooling]:
    """Met contacts that became due (health below 75) or overdue (below 50) during the week:
    inner circle first, then the coldest."""
    found = []
    for contact in contacts:
        if contact.stage is not Stage.MET:
            continue
        before, now = _health(contact, week.first - timedelta(days=1)), _health(contact, week.last)
        if before is not None and now is not None and any(before >= threshold > now for threshold in (DUE, OVERDUE)):
            view = ContactView.of(contact, week.last)
            found.append(Cooling(contact=view, health_before=before, health_now=now))
    order = list(Circle)
    found.sort(key=lambda c: (order.index(c.contact.circle), c.health_now, c.contact.name.casefold()))
    return found[:limit]


def without_follow_up(met_this_week: list[Contact], planned: set[str]) -> list[Contact]:
    """People first met this week with nothing since that first meeting, and no meeting planned ahead
    (`planned`: their ids)."""
    alone = [
        c
        for c in met_this_week
        if c.first_met_at
        and c.contact_id not in planned
        and (c.last_touch_at is None or c.last_touch_at <= c.first_met_at)
    ]
    return sorted(alone, key=lambda c: (c.first_met_at, c.name.casefold()))


class Review(Model):
    networker_id: str
    week: Week
    results: list[GoalResult]
    on_target: bool | None
    streak: int
    cooling: list[Cooling]
    unplanned: list[ContactView]  # people met this week with no follow-up planned


def compose(
    networker_id: str,
    week: Week,
    goals: WeeklyGoals,
    actuals: Actuals,
    previous_streak: int | None,
    cooling_list: list[Cooling],
    unplanned_contacts: list[Contact],
    today: date,
) -> Review:
    found = results(goals, actuals)
    target = on_target(found)
    return Review(
        networker_id=networker_id,
        week=week,
        results=found,
        on_target=target,
        streak=streak(previous_streak, target),
        cooling=cooling_list,
        unplanned=[ContactView.of(c, today) for c in unplanned_contacts],
    )


class WeekView(Model):
    """The week in progress, so far: what its review will say on the review day, and the weeks before it."""

    week: Week
    results: list[GoalResult]
    on_target: bool | None = Field(description="Every goal set is met so far; null when no goal is set.")
    streak: int = Field(description="Weeks on target in a row, this one included once its goals are met.")
    streak_before: int = Field(description="The streak as the last review left it.")
    cooling: list[Cooling] = Field(description="Relationships that became due or overdue since the week began.")
    unplanned: list[ContactView] = Field(description="People first met this week with no follow-up yet.")
    touches_by_week: list[WeekCount] = Field(description="The last 12 weeks, oldest first; this one last.")
