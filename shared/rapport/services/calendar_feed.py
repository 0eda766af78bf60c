"""The calendar feed, served by its secret alone: what is due or planned in its window, as an iCalendar.

Reads (docs/data-model.md, 59-62): the secret's lookup and the profile; the contacts whose follow-up
falls in the window (the `due` index: never the contacts to meet, who have none); the birthday markers'
keys; the meetings by day marker; the introductions; then, in one BatchGetItem, the contacts with a
birthday, in a meeting or in an introduction made that were not read already. It grows with what the
calendar shows, not with the contacts held.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from rapport.delivery.calendar_feed import calendar
from rapport.domain import calendar_feed
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.introductions import IntroductionStatus
from rapport.domain.profile import Profile
from rapport.storage import Store


def feed(store: Store, secret: str, now: datetime) -> bytes:
    """The iCalendar of the networker whose feed this secret opens; NotFound for any other secret, unknown
    or rotated alike, and for an account being deleted."""
    owner = store.profiles.owner_of_calendar_feed(secret)
    profile = store.profiles.live(owner) if owner else None
    if profile is None or not hmac.compare_digest(profile.calendar_feed_secret or "", secret):
        raise NotFound("no calendar feed at this address", "name")
    return calendar_of(store, profile, now)


def calendar_of(store: Store, profile: Profile, now: datetime) -> bytes:
    """The networker's calendar, as their feed shows it now (the account's export holds it too)."""
    networker_id = profile.networker_id
    first, last = calendar_feed.window(local_date(now, profile.timezone))
    following = store.contacts.following_up_between(networker_id, first, last)
    # Meetings are marked by their UTC day: a day more on each side holds every local day of the window.
    meetings = store.meetings.between(networker_id, first - timedelta(days=1), last + timedelta(days=1))
    made = [i for i in store.introductions.listed(networker_id) if i.status is IntroductionStatus.MADE]
    wanted = set(store.contacts.with_birthday(networker_id))
    wanted |= {c for m in meetings for c in m.contact_ids} | {c for i in made for c in i.contact_ids}
    wanted -= {c.contact_id for c in following}
    others = store.contacts.get_many(networker_id, sorted(wanted))
    return calendar(profile, [*following, *others], meetings, made, now)
