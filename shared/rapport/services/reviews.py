"""The weekly review: the week set against the networker's goals (sent by `deliveries/review.py`), and the
week in progress for the app's week screen.

Everything is read by key, for that networker and that week only (docs/decisions.md):
- new people: the first-met markers of the week (contacts to meet who were met), and the contacts
  added during the week as met whose first conversation is in it (ids are time-ordered: one range);
- touches: the interactions logged since the week began (one range of ids), kept by when they happened
  (the week's screen, `this_week`, reads the range of the last 12 weeks once and counts each week's);
- introductions: the networker's introductions, those made during the week;
- cooling: the contacts due by the week's last day (the `due` index);
- follow-ups planned: the meetings of the coming weeks (their day markers).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapport.domain import review as weekly
from rapport.domain.contact import Contact
from rapport.domain.followup import local_date
from rapport.domain.interaction import Interaction
from rapport.domain.profile import Profile
from rapport.domain.review import Review, Week, WeekView
from rapport.services.interactions import CLOCK_SKEW
from rapport.storage import Store

PLANNED_AHEAD = timedelta(days=90)  # a meeting further off does not follow up this week's first meeting
HISTORY_WEEKS = 12  # the weeks of touches the week's screen charts


def gather(store: Store, profile: Profile, week: Week, scheduled_time: datetime, now: datetime) -> Review:
    """The review of `week`, from what is stored `now`; meetings after `scheduled_time` are plans."""
    networker_id = profile.networker_id
    logged = _logged_since(store, profile, week.first, now)
    previous = store.reviews.previous(networker_id, week.last)
    return _review(store, profile, week, scheduled_time, logged, previous.streak if previous else None, now)


def this_week(store: Store, profile: Profile, now: datetime) -> WeekView:
    """The review week in progress, up to today (read as `gather` reads it, for 12 weeks of touches)."""
    today = local_date(now, profile.timezone)
    week = weekly.week_of(today, profile.review_day)
    weeks = weekly.weeks_up_to(week, HISTORY_WEEKS)
    logged = _logged_since(store, profile, weeks[0].first, now)
    previous = store.reviews.previous(profile.networker_id, today)
    streak_before = previous.streak if previous else 0
    so_far = Week(first=week.first, last=today)  # nothing has cooled yet on the days to come
    review = _review(store, profile, so_far, now, logged, streak_before, now)
    return WeekView(
        week=week,
        results=review.results,
        on_target=review.on_target,
        streak=review.streak,
        streak_before=streak_before,
        cooling=review.cooling,
        unplanned=review.unplanned,
        touches_by_week=weekly.touches_by_week(weeks, logged, profile.timezone),
    )


def _logged_since(store: Store, profile: Profile, first: date, now: datetime) -> list[Interaction]:
    """The interactions logged from that local day on: a touch is logged at most CLOCK_SKEW before it
    happened, so none of those days' touches was logged before."""
    began = datetime.combine(first, time(0), ZoneInfo(profile.timezone))
    return store.interactions.created_between(profile.networker_id, began - CLOCK_SKEW, now + CLOCK_SKEW)


def _review(
    store: Store,
    profile: Profile,
    week: Week,
    scheduled_time: datetime,
    logged: list[Interaction],
    previous_streak: int | None,
    now: datetime,
) -> Review:
    networker_id, zone = profile.networker_id, profile.timezone
    began = datetime.combine(week.first, time(0), ZoneInfo(zone))
    newcomers = weekly.first_met_in(week, _met_or_added(store, networker_id, week, began, now + CLOCK_SKEW), zone)
    figures = weekly.actuals(week, newcomers, logged, store.introductions.listed(networker_id), zone)
    cooling = weekly.cooling(store.contacts.due(networker_id, week.last), week)
    planned = _planned(store, networker_id, scheduled_time)
    return weekly.compose(
        networker_id,
        week,
        profile.weekly_goals,
        figures,
        previous_streak,
        cooling,
        weekly.without_follow_up(newcomers, planned),
        week.last,
    )


def _met_or_added(store: Store, networker_id: str, week: Week, began: datetime, until: datetime) -> list[Contact]:
    """Candidates for new people: contacts to meet first met in the week, and contacts added in the week
    as met (someone met at an event and entered that evening). Someone added as met but known for
    years is not new: their first logged conversation is older, or there is none."""
    found = store.contacts.met_between(networker_id, week.first, week.last)
    found += store.contacts.added_as_met_between(networker_id, began, until)
    return list({c.contact_id: c for c in found}.values())


def _planned(store: Store, networker_id: str, after: datetime) -> set[str]:
    """Who has a meeting planned after this moment (and in the coming weeks)."""
    first = after.astimezone(ZoneInfo("UTC")).date()
    meetings = store.meetings.between(networker_id, first, first + PLANNED_AHEAD)
    return {c for m in meetings if not m.held and m.starts_at > after for c in m.contact_ids}
