"""A profile item (`N#<networker id>`, `PROFILE`): the networker's settings, with the secret token of
their inbound address and the secret of their calendar feed."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.goals import GOALS
from rapport.domain.profile import Profile

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
NESTED = ("emails", "channels", "weekly_goals", "greetings")


def to_item(profile: Profile) -> dict:
    fields = {name: getattr(profile, name) for name in PLAIN}
    fields["emails"] = [{"address": e.address, "verified": e.verified} for e in profile.emails]
    fields["channels"] = {"email": profile.channels.email, "sms": profile.channels.sms}
    fields["weekly_goals"] = {goal: getattr(profile.weekly_goals, goal) for goal in GOALS}
    fields["greetings"] = [{"season": s.season, "circles": s.circles} for s in profile.greetings]
    return to_jsonable_python(fields)


def from_item(item: dict) -> Profile:
    return Profile.model_validate({name: item[name] for name in (*PLAIN, *NESTED) if name in item})
