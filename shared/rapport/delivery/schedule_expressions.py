"""When a networker hears from Rapport: the schedule expressions a profile (digest, weekly review) and a meeting
(brief) ask for. Pure: `adapters/scheduler.py` keeps EventBridge Scheduler in step with them."""

from __future__ import annotations

from datetime import UTC, datetime

from rapport.domain.meeting import Meeting
from rapport.domain.model import Model
from rapport.domain.profile import Profile


class DigestSchedule(Model):
    """An EventBridge Scheduler recurrence, in the networker's own time zone (so DST is right)."""

    expression: str
    timezone: str


class BriefSchedule(Model):
    """Once, in UTC."""

    expression: str


def digest_schedule(profile: Profile) -> DigestSchedule | None:
    """Every day at the digest time, local; none when every channel is off."""
    if not (profile.channels.email or profile.channels.sms):
        return None
    hour, minute = (int(part) for part in profile.digest_time.split(":"))
    return DigestSchedule(expression=f"cron({minute} {hour} * * ? *)", timezone=profile.timezone)


def review_schedule(profile: Profile) -> DigestSchedule | None:
    """Every week on the review day at the review time, local; none without email (the review is an email)."""
    if not (profile.channels.email and profile.sign_in_email):
        return None
    hour, minute = (int(part) for part in profile.review_time.split(":"))
    return DigestSchedule(
        expression=f"cron({minute} {hour} ? * {profile.review_day.cron_day} *)", timezone=profile.timezone
    )


def brief_schedule(meeting: Meeting | None, now: datetime) -> BriefSchedule | None:
    """A while before the meeting; none once it is held, cancelled, or the time has passed."""
    if meeting is None or meeting.held or meeting.brief_at <= now:
        return None
    return BriefSchedule(expression=f"at({meeting.brief_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S})")
