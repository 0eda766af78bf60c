"""Keep the schedules in step with what they follow: the profile (digest, weekly review), each meeting (brief),
the networker's calendars (their hourly sync).

Always from what is stored now, not from a stream record's image, so that replaying an old record
changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from rapport.delivery.schedule_expressions import (
    BriefSchedule,
    DigestSchedule,
    brief_schedule,
    digest_schedule,
    review_schedule,
)
from rapport.domain.errors import NotFound
from rapport.storage import Store


class Schedules(Protocol):
    """The scheduler (`rapport.adapters.scheduler.EventBridgeScheduler`): each call says what became of the schedule."""

    def keep_digest(self, networker_id: str, wanted: DigestSchedule | None) -> str: ...
    def keep_review(self, networker_id: str, wanted: DigestSchedule | None) -> str: ...
    def keep_brief(self, networker_id: str, meeting_id: str, wanted: BriefSchedule | None) -> str: ...
    def keep_calendar_sync(self, networker_id: str, wanted: bool) -> str: ...


def follow_profile(store: Store, schedules: Schedules, networker_id: str) -> dict[str, str]:
    """Both of the profile's schedules (deleted with it): what became of each."""
    profile = store.profiles.live(networker_id)
    return {
        "digest": schedules.keep_digest(networker_id, digest_schedule(profile) if profile else None),
        "review": schedules.keep_review(networker_id, review_schedule(profile) if profile else None),
    }


def follow_meeting(store: Store, schedules: Schedules, networker_id: str, meeting_id: str, now: datetime) -> str:
    try:
        meeting = store.meetings.get(networker_id, meeting_id)
    except NotFound:
        meeting = None  # cancelled
    return schedules.keep_brief(networker_id, meeting_id, brief_schedule(meeting, now))


def follow_calendars(store: Store, schedules: Schedules, networker_id: str) -> str:
    """The hourly sync, while a live networker has a calendar."""
    wanted = store.profiles.live(networker_id) is not None and bool(store.calendars.list(networker_id))
    return schedules.keep_calendar_sync(networker_id, wanted)
