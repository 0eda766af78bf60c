"""A profile item (`N#<networker id>`, `PROFILE`): the networker's settings, with the secret token of
their inbound address and the secret of their calendar feed."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.goals import GOALS
from rapport.domain.profile import CalendarNotice, Profile

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "networker_id",
    "name",
    "phone",
    "sms_stopped",
    "region",
    "timezone",
    "locale",
    "digest_time",
    "digest_size",
    "review_day",
    "review_time",
    "created_at",
    "updated_at",
    "version",
    "inbound_token",
    "calendar_feed_secret",
    "deleting_since",
)
NESTED = ("emails", "channels", "weekly_goals", "greetings", "calendar_notices")


def to_item(profile: Profile) -> dict:
    fields = {name: getattr(profile, name) for name in PLAIN}
    fields["emails"] = [{"address": e.address, "verified": e.verified} for e in profile.emails]
    fields["channels"] = {"email": profile.channels.email, "sms": profile.channels.sms}
    fields["weekly_goals"] = {goal: getattr(profile.weekly_goals, goal) for goal in GOALS}
    fields["greetings"] = [{"season": s.season, "circles": s.circles} for s in profile.greetings]
    fields["calendar_notices"] = notices_item(profile.calendar_notices)
    return to_jsonable_python(fields)


def from_item(item: dict) -> Profile:
    fields = {name: item[name] for name in (*PLAIN, *NESTED) if name in item}
    fields["calendar_notices"] = fields.get("calendar_notices") or []  # absent (or None before storing)
    return Profile.model_validate(fields)


def notices_item(notices: list[CalendarNotice]) -> list | None:
    """Calendars to tell about, as stored: absent when none (most profiles never have any)."""
    return to_jsonable_python([notice.model_dump() for notice in notices]) or None
